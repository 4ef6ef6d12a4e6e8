package io.suite.resilience.testapp;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The test REST client for tests outside this package (the interface stays package-private, as in the services). */
@ApplicationScoped
public class Things {

    @RestClient
    ThingClient client;

    public Uni<String> get(String id) {
        return client.get(id);
    }
}
