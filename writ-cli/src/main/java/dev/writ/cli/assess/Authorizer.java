package dev.writ.cli.assess;

import java.util.List;

/**
 * An API Gateway Lambda authorizer as declared.
 *
 * @param name       its name in the template (SAM authorizer name or the authorizer resource's id)
 * @param api        the logical id of its API
 * @param function   the logical id of the function it invokes, or null when outside the template
 * @param writ       whether that function is Writ's authorizer
 * @param cacheTtl   the literal cache TTL in seconds, or null when not set or not a literal
 * @param ttlSetting how the TTL is written, for messages ("ReauthorizeEvery: 0", "not set"...)
 */
record Authorizer(String name, String api, String function, boolean writ, Long cacheTtl, String ttlSetting,
                  List<String> identitySources, int line) {

    /** Caching is proven off only by a literal TTL of 0 (see docs/maturity.md for why not more). */
    boolean cachingOff() {
        return cacheTtl != null && cacheTtl == 0;
    }
}
