package io.suite.catalog.rest;

import java.net.URI;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.suite.catalog.domain.MarketplaceAliases;
import io.suite.catalog.domain.PricePoint;
import io.suite.catalog.domain.ProductStatus;
import io.suite.catalog.domain.StoredProduct;
import io.suite.catalog.service.ProductImportService;
import io.suite.catalog.service.ProductQueryService;
import io.suite.resilience.budget.Subjects;
import io.suite.resilience.openapi.ProblemResponsesFilter;
import io.suite.resilience.paging.CursorCodec;
import io.suite.resilience.paging.Page;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Products: public reads (they feed a storefront), admin-only imports. */
@Path("/api/v1/catalog/products")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "products")
public class ProductResource {

    private final ProductImportService imports;
    /** Imports count against the admin's (JWT sub) fair share of the store's budget. */
    private final JsonWebToken jwt;
    private final ProductQueryService products;
    private final ObjectMapper json;

    public ProductResource(ProductImportService imports, ProductQueryService products, JsonWebToken jwt, ObjectMapper json) {
        this.imports = imports;
        this.json = json;
        this.jwt = jwt;
        this.products = products;
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Import one product by ASIN (admin)",
            description = "Fetches the product from the configured source and stores every field plus the raw payload. "
                    + "A known ASIN is updated in place.")
    @APIResponse(responseCode = "201", description = "created")
    @APIResponse(responseCode = "200", description = "updated")
    @APIResponse(responseCode = "400", description = "invalid ASIN or marketplace")
    @APIResponse(responseCode = "404", description = "the upstream does not know the ASIN")
    @APIResponse(responseCode = "503", description = "the upstream is unavailable; see Retry-After")
    @APIResponse(responseCode = "429", description = "the admin is over its share of the store's request budget "
            + "(catalog.imports.admin-share); see Retry-After")
    @Extension(name = ProblemResponsesFilter.UPSTREAM, value = "product data (Creators API or PA-API)")
    public Uni<Response> importOne(@Valid @NotNull(message = "is required") ImportRequest request) {
        return Subjects.as(jwt.getSubject(), () -> imports.importOne(request.asin(), request.marketplace())).map(i -> {
            ImportResponse body = ImportResponse.of(i);
            return i.created()
                    ? Response.created(URI.create("/api/v1/catalog/products/" + i.id())).entity(body).build()
                    : Response.ok(body).build();
        });
    }

    @POST
    @Path("/import/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Import up to 100 products (admin)", description = "Fetched ten ASINs per upstream call; "
            + "each ASIN reports created, updated, not_found or failed.")
    @APIResponse(responseCode = "200", description = "One result per ASIN; an upstream refusal is that ASIN's failed result")
    @APIResponse(responseCode = "429", description = "the admin is over its share of the store's request budget "
            + "(catalog.imports.admin-share); see Retry-After")
    public Uni<BatchImportResponse> importBatch(@Valid @NotNull(message = "is required") BatchImportRequest request) {
        return Subjects.as(jwt.getSubject(), () -> imports.importBatch(request.asins(), request.marketplace()))
                .map(items -> BatchImportResponse.of(request.marketplace() == null ? "www.amazon.com"
                        : MarketplaceAliases.canonical(request.marketplace()), items));
    }

    @GET
    @PermitAll
    @Operation(summary = "List products, newest first", description = "Filter by status and marketplace; page with next_token.")
    public Uni<Page<StoredProduct>> list(
            @QueryParam("status") @Pattern(regexp = "draft|active|unavailable",
                    message = "must be draft, active or unavailable") String status,
            @QueryParam("marketplace") @Parameter(example = "www.amazon.com") String marketplace,
            @QueryParam("limit") @DefaultValue("20") @Min(value = 1, message = "must be between 1 and 100") @Max(value = 100,
                    message = "must be between 1 and 100") int limit,
            @QueryParam(CursorCodec.PARAMETER) String nextToken) {
        return products.list(status == null ? null : ProductStatus.of(status), marketplace, nextToken, limit);
    }

    @GET
    @Path("/{id}")
    @PermitAll
    @Operation(summary = "One product with its raw upstream payload")
    public Uni<ProductDetail> get(@PathParam("id") UUID id) {
        return products.get(id).map(p -> new ProductDetail(p.product(), p.raw() == null ? null : tree(p.raw())));
    }

    @GET
    @Path("/{id}/price-history")
    @PermitAll
    @Operation(summary = "A product's price changes, newest first")
    public Uni<Page<PricePoint>> priceHistory(@PathParam("id") UUID id,
            @QueryParam("limit") @DefaultValue("50") @Min(value = 1, message = "must be between 1 and 500") @Max(value = 500,
                    message = "must be between 1 and 500") int limit,
            @QueryParam(CursorCodec.PARAMETER) String nextToken) {
        return products.priceHistory(id, nextToken, limit);
    }

    private JsonNode tree(String raw) {
        try {
            return json.readTree(raw);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
