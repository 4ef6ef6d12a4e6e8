package io.suite.accounts.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * A dashboard operation for a signed-in user: {@link DashboardSessionFilter} checks the session before it runs (and the
 * CSRF token too when it is a POST) and hands the caller over in {@link DashboardCaller}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@interface SignedIn {
}
