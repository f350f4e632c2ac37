package io.statsbridge.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * Whether a state-changing request comes from another site's page. Browsers attach cached basic
 * auth credentials to a cross-site form POST, so a page anywhere could reload the exporter; they
 * also say where the request comes from ({@code Sec-Fetch-Site}, {@code Origin}), which curl,
 * scripts and Prometheus tooling never send.
 */
final class CrossSite {
  private CrossSite() {}

  static boolean refused(Request request) {
    String site = request.getHeaders().get("Sec-Fetch-Site");
    if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
      return true;
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin == null) {
      return false;
    }
    HttpURI uri = request.getHttpURI();
    String self = uri.getScheme() + "://" + uri.getAuthority();
    return !origin.equalsIgnoreCase(self);
  }
}
