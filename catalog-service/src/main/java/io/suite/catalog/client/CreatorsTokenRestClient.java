package io.suite.catalog.client;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.smallrye.mutiny.Uni;
import io.suite.resilience.upstream.UpstreamErrorMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * OAuth2 client_credentials at a Creators API token endpoint; built per endpoint (the base URI is the whole token URL,
 * which follows from the credential version). Id and secret go in the body, never in a Basic header.
 */
@RegisterProvider(UpstreamErrorMapper.class)
interface CreatorsTokenRestClient {

    /** Cognito (2.x credentials): form-encoded body, scope {@code creatorsapi/default}. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<TokenReply> cognito(@FormParam("grant_type") String grantType, @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret, @FormParam("scope") String scope);

    /** Login with Amazon (3.x credentials): JSON body, scope {@code creatorsapi::default}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<TokenReply> lwa(LwaTokenRequest request);

    /** The JSON body Amazon's SDK sends to Login with Amazon. {@code toString} never shows the secret. */
    record LwaTokenRequest(@JsonProperty("grant_type") String grantType, @JsonProperty("client_id") String clientId,
            @JsonProperty("client_secret") String clientSecret, @JsonProperty("scope") String scope) {

        @Override
        public String toString() {
            return "LwaTokenRequest[grantType=" + grantType + ", clientId=" + clientId + ", clientSecret=***, scope=" + scope + "]";
        }
    }
}
