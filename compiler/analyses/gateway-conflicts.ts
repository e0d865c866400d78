/**
 * M5015 conflicting-gateways and M5016 shared-certificate: gateways whose listeners land on the
 * same proxies (the same `selector`) and the same port.
 *
 * Istio merges every Gateway that selects the same workloads into one Envoy listener per port.
 * Two of them serving the same host on that port, or the same port with protocols that cannot
 * share a listener (plaintext HTTP, TLS, raw TCP), conflict: Istio keeps one server and the other
 * gateway's routes answer 404 (NR) or its connections are refused (IST0145, ConflictingGateways).
 *
 * Two gateways that use the same certificate (secret) on the same port for different hosts work
 * until a browser reuses an HTTP/2 connection: the certificate is valid for both hosts, so the
 * browser sends requests for the second host on the connection it opened for the first, whose
 * route table does not know that host, and gets 404 (istio#9429, IST0138). That is a warning.
 *
 * Gateways are compared in name order; the later one's listener gets the diagnostic, the earlier
 * one is the related location.
 */
import type * as M from '../check/model.ts';
import { list, type Analysis, type AnalysisContext } from './context.ts';

/** Listeners of different families cannot share one Envoy listener. */
export function family(protocol: M.Protocol): 'http' | 'tls' | 'tcp' {
  return protocol === 'http' || protocol === 'http2' || protocol === 'grpc' ? 'http' : protocol === 'https' || protocol === 'tls' ? 'tls' : 'tcp';
}

export function selectorKey(selector: M.Labels): string {
  return Object.keys(selector)
    .sort()
    .map((k) => `${k}=${selector[k]}`)
    .join(',');
}

export function selectorText(selector: M.Labels): string {
  return `\`{ ${Object.keys(selector)
    .sort()
    .map((k) => `${k}: ${selector[k]}`)
    .join(', ')} }\``;
}

interface Placed {
  gateway: M.Gateway;
  listener: M.Listener;
}

export const gatewayConflicts: Analysis = {
  name: 'gateway-conflicts',
  codes: ['M5015', 'M5016'],
  run(ctx) {
    const groups = new Map<string, Placed[]>();
    for (const gateway of ctx.program.gateways) {
      if (!ctx.isClean(gateway)) continue;
      for (const listener of gateway.listeners) {
        const k = `${selectorKey(gateway.selector)}\u0000${listener.port}`;
        if (!groups.has(k)) groups.set(k, []);
        groups.get(k)!.push({ gateway, listener });
      }
    }
    for (const placed of groups.values()) {
      for (let j = 1; j < placed.length; j++) {
        const later = placed[j]!;
        for (let i = 0; i < j; i++) {
          if (placed[i]!.gateway === later.gateway) continue;
          if (conflict(ctx, placed[i]!, later) || sharedCertificate(ctx, placed[i]!, later)) break;
        }
      }
    }
  },
};

function conflict(ctx: AnalysisContext, a: Placed, b: Placed): boolean {
  const fa = family(a.listener.protocol);
  const fb = family(b.listener.protocol);
  let what: string;
  let effect: string;
  if (fa !== fb) {
    what = `declare protocols that cannot share a port (\`${a.listener.protocol}\` and \`${b.listener.protocol}\`)`;
    effect = 'Envoy builds one listener per port, so Istio keeps one of the two servers and the other gateway\'s traffic on the port is refused or misrouted.';
  } else if (fa === 'tcp') {
    what = 'both accept plain TCP';
    effect = 'a TCP listener cannot tell connections apart by host, so only one of the gateways gets the traffic of the port.';
  } else {
    const shared = b.listener.hosts.filter((h) => a.listener.hosts.includes(h));
    if (shared.length === 0) return false;
    what = `both serve ${shared.length === 1 ? 'host' : 'hosts'} ${list(shared.map((h) => `\`${h}\``))}`;
    effect = 'Envoy gets one listener for the port and only one of the two servers for the host takes effect, so the other gateway\'s routes for it answer 404 (NR).';
  }
  ctx.report(
    'M5015',
    b.listener.loc,
    { a: a.gateway.name, b: b.gateway.name, what, port: b.listener.port, selector: selectorText(b.gateway.selector), effect },
    { related: [ctx.related(a.listener.loc, `gateway \`${a.gateway.name}\` listens here`)] },
  );
  return true;
}

function sharedCertificate(ctx: AnalysisContext, a: Placed, b: Placed): boolean {
  const secret = b.listener.tls?.secret;
  if (!secret || a.listener.tls?.secret !== secret) return false;
  ctx.report(
    'M5016',
    b.listener.loc,
    {
      a: a.gateway.name,
      b: b.gateway.name,
      secret,
      port: b.listener.port,
      hostsA: list(a.listener.hosts.map((h) => `\`${h}\``)),
      hostsB: list(b.listener.hosts.map((h) => `\`${h}\``)),
    },
    { related: [ctx.related(a.listener.loc, `gateway \`${a.gateway.name}\` uses secret \`${secret}\` here`)] },
  );
  return true;
}
