package io.suite.sandbox.control;

import static io.suite.sandbox.control.ControlReplies.bad;
import static io.suite.sandbox.control.ControlReplies.notFound;

import java.math.BigDecimal;

import io.suite.sandbox.data.ProductCatalog;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Control API: price and availability changes of seeded products, and their removal. */
@Path("/_control/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductsControlResource {

    @Inject
    ProductCatalog catalog;

    public record ProductBody(BigDecimal price, String availability) {
    }

    @PUT
    @Path("/{asin}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response product(@PathParam("asin") String asin, ProductBody body) {
        if (!catalog.exists(asin)) {
            return notFound("unknown seeded ASIN " + asin);
        }
        if (body == null || (body.price() == null && body.availability() == null)) {
            return bad("give price and/or availability");
        }
        if (body.price() != null && body.price().signum() <= 0) {
            return bad("price must be positive");
        }
        if (body.availability() != null && !ProductCatalog.AVAILABILITY_TYPES.contains(body.availability())) {
            return bad("availability must be one of " + ProductCatalog.AVAILABILITY_TYPES);
        }
        catalog.override(asin, body.price(), body.availability());
        return Response.noContent().build();
    }

    @POST
    @Path("/{asin}/remove")
    public Response remove(@PathParam("asin") String asin) {
        if (!catalog.exists(asin)) {
            return notFound("unknown seeded ASIN " + asin);
        }
        catalog.remove(asin);
        return Response.noContent().build();
    }
}
