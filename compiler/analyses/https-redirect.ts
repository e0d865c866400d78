/**
 * M5018 https-redirect-without-listener: an `http` listener with `redirect-https` for hosts that no
 * `https` (or `tls`) listener on port 443 serves.
 *
 * `redirect-https` is Istio's `tls.httpsRedirect`: Envoy answers every plaintext request with a 301
 * to `https://HOST/…`, that is port 443. When the same proxies (this gateway, or another with the
 * same `selector`) have no listener on 443 for the host, browsers follow the redirect into a
 * refused connection or a TLS error, and the site is unreachable over both protocols. (An `https`
 * listener needs a certificate, M4012, so "HTTPS without a certificate" cannot be written.)
 */
import { hostCovers } from './match.ts';
import { selectorKey } from './gateway-conflicts.ts';
import { list, type Analysis } from './context.ts';

export const httpsRedirect: Analysis = {
  name: 'https-redirect',
  codes: ['M5018'],
  run(ctx) {
    for (const gateway of ctx.program.gateways) {
      if (!ctx.isClean(gateway)) continue;
      const key = selectorKey(gateway.selector);
      const secure = ctx.program.gateways
        .filter((g) => selectorKey(g.selector) === key)
        .flatMap((g) => g.listeners)
        .filter((l) => l.port === 443 && (l.protocol === 'https' || l.protocol === 'tls'));
      for (const listener of gateway.listeners) {
        if (!listener.redirectHttps) continue;
        const missing = listener.hosts.filter((h) => !secure.some((l) => l.hosts.some((s) => hostCovers(s, h))));
        if (missing.length === 0) continue;
        const stmt = ctx.stmt(listener.loc, 'Listen');
        ctx.report(
          'M5018',
          stmt?.redirectHttps ? { file: listener.loc.file, range: stmt.redirectHttps } : listener.loc,
          { hosts: list(missing.map((h) => `\`${h}\``)), gateway: gateway.name, first: missing[0]! },
        );
      }
    }
  },
};
