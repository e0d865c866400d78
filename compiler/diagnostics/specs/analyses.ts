import type { DiagnosticSpec } from '../registry.ts';

/**
 * M5xxx: misconfiguration analyses, one module each under `compiler/analyses/` (M5027 comes from
 * `compiler/suppress.ts`). Each message says what happens at run time, in Istio or Envoy terms,
 * and how to fix it. Only these codes can be silenced (`# meshc:ignore M5001`) or given another
 * severity in `meshc.json`.
 */
export const analysisSpecs: DiagnosticSpec[] = [
  {
    code: 'M5001',
    severity: 'warning',
    title: 'shadowed-rule',
    template: 'This rule can never match: {shadowing} every request it matches, and Envoy uses the first rule that matches, so these requests get {action} instead. {advice}',
    fixable: true,
  },
  {
    code: 'M5002',
    severity: 'error',
    title: 'split-not-100-percent',
    template: 'The weights here total {total}, not 100%: {effect}. {fix}',
    fixable: true,
  },
  {
    code: 'M5003',
    severity: 'warning',
    title: 'zero-weight-destination',
    template: '`{name}` gets 0% of this split: Istio leaves it out of the route, so it receives no traffic from this rule. Give it a weight, or remove it from the split.',
    fixable: true,
  },
  {
    code: 'M5004',
    severity: 'hint',
    title: 'unreachable-version',
    template: 'No rule, split or mirror sends traffic to version `{version}` of `{service}`{zero}: the route of `{service}` decides where its requests go, so the workloads of `{version}` get none. Route to it (for example in a split) or remove it once it is retired.',
  },
  {
    code: 'M5005',
    severity: 'warning',
    title: 'retries-exceed-timeout',
    template: '{detail} Envoy ends the request at the route timeout, retries included, with a 504 (response flag UT). {fix}',
    fixable: true,
  },
  {
    code: 'M5006',
    severity: 'info',
    title: 'per-try-without-timeout',
    template: '`per-try {perTry}` without a route `timeout`: nothing bounds the request as a whole, since Envoy applies the per-try timeout only until a response starts, so a response that starts and then stalls is never cut, and with {retries} a failing request can take {budget} plus back-off. (Istio before Envoy 1.14 even ignored per-try timeouts on routes without a timeout, istio#13167.) Add `timeout {budget}` (or less) beside the retries.',
    fixable: true,
  },
  {
    code: 'M5007',
    severity: 'warning',
    title: 'retries-non-idempotent',
    template: 'Retrying {method} requests on {condition}: Envoy retries after the request reached the service, so a {method} that failed after it was processed is sent again (a duplicate order or payment). Retry {method} only on failures before the request is sent (`on connect-failure, refused-stream, reset-before-request`), or write `retries off` in this rule.',
    fixable: true,
  },
  {
    code: 'M5008',
    severity: 'warning',
    title: 'fault-disables-retries',
    template: 'Istio turns off retries and timeouts on a route that injects a fault, so {settings} {verb} not apply to the requests this rule matches: they can wait past the timeout and fail without a retry. Give the fault its own rule, matched by a header only testers send, without a timeout or retries.',
  },
  {
    code: 'M5009',
    severity: 'error',
    title: 'deny-identity-without-mtls',
    template: 'Plaintext callers bypass this `deny`: {accepted}, and a request without mTLS carries no identity, so `{who}` never matches it and Envoy lets the request through. Make mTLS strict for `{service}` (`mtls strict`), or deny by something a plaintext request has, such as `from ip`.',
  },
  {
    code: 'M5010',
    severity: 'warning',
    title: 'allow-identity-without-mtls',
    template: '`{who}` matches only callers that use mTLS, but {accepted}: {effect}. Make mTLS strict for `{service}` (`mtls strict`), so that every caller has an identity.',
  },
  {
    code: 'M5011',
    severity: 'error',
    title: 'client-tls-conflicts-with-mtls',
    template: '{detail} Remove `tls {mode}`: meshc sets the callers\' TLS from the service\'s `mtls` mode, so the two always agree.',
    fixable: true,
  },
  {
    code: 'M5012',
    severity: 'error',
    title: 'claim-without-jwt',
    template: '`claim {claim}` never matches: {owner} does not `require jwt`, so no token is validated and requests carry no claims (Envoy\'s `request.auth.claims` is empty). {effect} Add `require jwt {…}` to `{name}`.',
  },
  {
    code: 'M5013',
    severity: 'error',
    title: 'http-deny-on-tcp',
    template: '{detail} {fix}',
    fixable: true,
  },
  {
    code: 'M5014',
    severity: 'warning',
    title: 'http-allow-on-tcp',
    template: '{ports} of `{name}` {verb} TCP, where Istio cannot see {fields}: it ignores this `allow` for TCP, so TCP connections{who} to {them} are refused unless another rule allows them. {fix}',
    fixable: true,
  },
  {
    code: 'M5015',
    severity: 'error',
    title: 'conflicting-gateways',
    template: 'Gateways `{a}` and `{b}` {what} on port {port} of the same proxies (selector {selector}): {effect} Serve each host from one gateway, or give the gateways different selectors.',
  },
  {
    code: 'M5016',
    severity: 'warning',
    title: 'shared-gateway-certificate',
    template: 'Gateways `{a}` and `{b}` use the same certificate (secret `{secret}`) on port {port}, for {hostsA} and for {hostsB}: browsers reuse an HTTP/2 connection for every host a certificate covers, so requests for one gateway\'s host can arrive on a connection to the other\'s route table and get 404 (NR). Give each gateway its own certificate, or serve the hosts from one listener.',
  },
  {
    code: 'M5017',
    severity: 'warning',
    title: 'route-host-not-served',
    template: 'No listener of gateway `{gateway}` serves host `{host}` (it serves {served}): Istio ignores this host of the route, so requests for it get 404 (NR). Add the host to a `listen … hosts`, or fix the name.',
  },
  {
    code: 'M5018',
    severity: 'warning',
    title: 'https-redirect-without-listener',
    template: '`redirect-https` sends clients to `https://…` on port 443, but no `https` or `tls` listener on port 443 of these proxies serves {hosts}: browsers follow the redirect into a refused connection. Add one to gateway `{gateway}`, for example `listen 443 https hosts "{first}" tls simple secret "NAME"`.',
  },
  {
    code: 'M5019',
    severity: 'warning',
    title: 'gateway-bypasses-route',
    template: 'Requests through gateway `{gateway}` go to every workload of `{service}` alike ({versions}, in proportion to their pods), not by the route of `{service}`, which chooses among them by version: a service\'s route applies only inside the mesh, not to traffic from a gateway. Name the versions here too, for example `-> {example}`.',
    fixable: true,
  },
  {
    code: 'M5020',
    severity: 'error',
    title: 'tcp-external-port-clash',
    template: 'External `{name}` is `{protocol}` on port {port} without `addresses`, so Istio gives it the wildcard listener 0.0.0.0:{port}, which {other} (`{otherProtocol}`) also needs: one of them wins, and connections meant for the other go to the wrong place or fail. Give `{name}` the addresses it is reached at (`addresses "10.0.0.0/24"`), or use another port.',
  },
  {
    code: 'M5021',
    severity: 'error',
    title: 'external-protocol-conflict',
    template: 'Host `{host}` port {port} is `{protocol}` here but `{otherProtocol}` in {other}: Istio keeps one protocol for a host and port, so one of them is proxied with the wrong one (HTTP parsing on a TCP stream fails with 502, flag UPE; TCP forwarding skips HTTP routes and policy). Declare the host and port once.',
  },
  {
    code: 'M5022',
    severity: 'warning',
    title: 'duplicate-external-host',
    template: 'Externals `{other}` and `{name}` both declare host `{host}` with {what}: that is {resources} for one host, and Istio applies only {one}, silently. Declare the host in one external.',
  },
  {
    code: 'M5023',
    severity: 'hint',
    title: 'unused-service',
    template: 'Nothing in this program reaches `{name}`: no gateway or route sends traffic to it, no rule names it as a caller, and it declares no callers of its own. If workloads call it, say which with `allow from …`; if it is gone, remove it.',
  },
  {
    code: 'M5024',
    severity: 'hint',
    title: 'unknown-principal',
    template: 'Principal `{principal}` {detail}, so unless a workload outside this program runs as it, {effect}.{hint}',
  },
  {
    code: 'M5025',
    severity: 'error',
    title: 'gateway-denied-by-service',
    template: 'Requests through gateway `{gateway}` to `{service}` are denied (403, RBAC: access denied): {why}. Allow the gateway\'s proxies, for example with `allow from namespace {namespace}` (where the gateway\'s workloads run) or a rule without `from`.',
  },
  {
    code: 'M5026',
    severity: 'warning',
    title: 'allow-everyone-overrides',
    template: 'This `allow` has no conditions, so it lets every caller make every request to {owner}, and {count} nothing. Give it a `from`, `to` or `when`, or remove the other rules if the service is meant to be open.',
  },
  {
    code: 'M5027',
    severity: 'warning',
    title: 'ineffective-suppression',
    template: '{detail}',
  },
];
