/**
 * M5011 client-tls-conflicts-with-mtls: a `tls` traffic policy that disagrees with the mTLS mode
 * of the service it points at.
 *
 * meshc writes a service's PeerAuthentication and the DestinationRule its callers use from the same
 * `mtls` mode, so they agree by construction, until a `tls` statement overrides the callers' side
 * (DestinationRule `trafficPolicy.tls.mode`). `tls disable` (plaintext), `tls simple` or
 * `tls mutual` (TLS with other certificates) towards a service that requires mTLS (`strict`, the
 * default) is refused by the service's sidecar: callers see 503s with Envoy flags UC or URX
 * ("upstream connect error or disconnect/reset before headers", istio#30117). `tls istio-mutual`
 * towards a service whose mTLS is disabled sends TLS to a sidecar that passes it, undecrypted, to
 * the application. A permissive service accepts both.
 *
 * The quick fix removes the `tls` statement, so that the callers' side follows the service's mTLS.
 */
import type * as M from '../check/model.ts';
import { edit, removalRange, type Analysis, type AnalysisContext } from './context.ts';

export const clientTls: Analysis = {
  name: 'client-tls',
  codes: ['M5011'],
  run(ctx) {
    for (const service of ctx.program.services) {
      if (!ctx.isClean(service)) continue;
      check(ctx, service, service.policy.tls, `\`${service.name}\``);
      for (const version of service.versions) check(ctx, service, version.policy.tls, `version \`${version.name}\` of \`${service.name}\``);
    }
  },
};

function check(ctx: AnalysisContext, service: M.Service, tls: M.ClientTls | undefined, what: string): void {
  if (!tls) return;
  const mode = service.security.mtls;
  let detail: string;
  if (mode === 'strict' && tls.mode !== 'istio-mutual') {
    const sends = tls.mode === 'disable' ? 'plaintext' : `TLS with their own certificates (\`tls ${tls.mode}\`) instead of Istio's mutual TLS`;
    detail = `Callers send ${sends} to ${what}, but \`${service.name}\` requires mutual TLS (mTLS strict${service.security.mtlsLoc || ctx.meshMtls() ? '' : ', the default'}): its sidecar refuses the connections and callers get 503s (Envoy flags UC or URX, "upstream connect error or disconnect/reset before headers").`;
  } else if (mode === 'disable' && tls.mode === 'istio-mutual') {
    detail = `Callers send Istio mutual TLS to ${what}, but mTLS is disabled for \`${service.name}\`: its sidecar does not terminate it and passes encrypted bytes to the application, so requests fail (503, connection reset).`;
  } else {
    return;
  }
  const where = service.security.mtlsLoc ?? ctx.meshMtls();
  const text = ctx.text(tls.loc.file);
  const fixes = [];
  if (text !== undefined) {
    const { start, end } = removalRange(text, tls.loc.range);
    fixes.push({ title: `Remove \`tls ${tls.mode}\`, so that callers follow the service's mTLS`, edits: [edit(tls.loc.file, { start, end }, '')] });
  }
  ctx.report(
    'M5011',
    tls.loc,
    { detail, mode: tls.mode },
    { related: where ? [ctx.related(where, `mTLS is ${mode === 'disable' ? 'disabled' : mode} here`)] : [], fixes },
  );
}
