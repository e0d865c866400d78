import type { DiagnosticSpec } from '../registry.ts';

/**
 * M3xxx: typed values, reported by `compiler/check/values.ts`.
 *
 * Most templates end in `{reason}`: one value can be wrong in several ways, and each way has its
 * own sentence in `valueReasons` below, so that all the text of these diagnostics lives in this
 * file while the validators only choose which sentence applies.
 */
export const valueSpecs: DiagnosticSpec[] = [
  { code: 'M3001', severity: 'error', title: 'invalid-duration', template: 'Invalid duration `{text}`: {reason}', fixable: true },
  { code: 'M3002', severity: 'error', title: 'percent-out-of-range', template: 'Percentage `{text}%` is out of range: {reason}' },
  { code: 'M3003', severity: 'error', title: 'invalid-port', template: 'Port `{text}` is not a valid port number: ports are whole numbers from 1 to 65535.' },
  { code: 'M3004', severity: 'error', title: 'unknown-protocol', template: 'Unknown protocol `{text}`; expected one of {allowed}.{hint} Istio decides how its proxies handle a port (HTTP routing, retries and policy, or plain TCP forwarding) from this protocol.', fixable: true },
  { code: 'M3005', severity: 'error', title: 'invalid-host', template: 'Invalid host `{text}`: {reason}', fixable: true },
  { code: 'M3006', severity: 'error', title: 'invalid-http-method', template: 'Invalid HTTP method `{text}`: {reason}', fixable: true },
  { code: 'M3007', severity: 'error', title: 'invalid-status-code', template: '`{text}` is not a valid {what}: {reason}' },
  { code: 'M3008', severity: 'error', title: 'invalid-header-name', template: 'Invalid header name `{text}`: {reason}', fixable: true },
  { code: 'M3009', severity: 'error', title: 'invalid-label', template: 'Invalid label {part} `{text}`: {reason}' },
  { code: 'M3010', severity: 'error', title: 'invalid-regex', template: 'Invalid regex `{text}`: {reason}' },
  { code: 'M3011', severity: 'error', title: 'invalid-ip-address', template: 'Invalid {what} `{text}`: {reason}', fixable: true },
  { code: 'M3012', severity: 'error', title: 'invalid-uri', template: 'Invalid URI `{text}`: {reason}' },
  { code: 'M3013', severity: 'error', title: 'unknown-keyword-value', template: 'Unknown {what} `{text}`; expected one of {allowed}.{hint}', fixable: true },
  { code: 'M3014', severity: 'error', title: 'invalid-path', template: 'Invalid path `{text}`: {reason}', fixable: true },
  { code: 'M3015', severity: 'error', title: 'invalid-resource-name', template: 'Invalid {what} `{text}`: {reason}', fixable: true },
];

/**
 * The `{reason}` sentences of the templates above, keyed `<area>.<problem>`. Each says what is
 * wrong and, where there is one, the fix; `{placeholders}` are filled by `compiler/check/values.ts`.
 */
export const valueReasons = {
  // M3001 durations.
  'duration.empty': 'write a whole number and a unit, such as `500ms`, `6s`, `1m30s` or `2h`.',
  'duration.noNumber': 'a duration is a whole number followed by a unit, such as `500ms`, `6s`, `1m30s` or `2h`.',
  'duration.negative': 'durations cannot be negative.',
  'duration.spaces': 'remove the spaces{fix}.',
  'duration.missingUnit': 'the number `{number}` has no unit; add one of h, m, s or ms, as in `{number}s` or `{number}ms`.',
  'duration.unknownUnit': '`{unit}` is not a unit; the units are h, m, s and ms.{hint}',
  'duration.resolution': 'meshc durations count whole milliseconds, so the smallest unit is ms (Istio accepts nothing finer).',
  'duration.fraction': 'durations are written with whole numbers: write `{fix}`.',
  'duration.fractionTooFine': 'durations are written with whole numbers, and the smallest unit is ms (Istio accepts nothing finer).',
  'duration.order': 'write each unit at most once, from largest to smallest (h, m, s, ms): `{fix}`.',
  'duration.tooShort': 'Istio and Envoy reject durations under 1ms; use `1ms` or more.',
  'duration.tooLong': 'the longest duration Istio and Envoy accept is 315576000000s (about 10,000 years).',

  // M3002 percentages.
  'percent.range': 'write a value from 0% to 100%.',
  'percent.tooSmall': 'the smallest share Istio accepts above 0% is 0.0001% (one request in a million); write 0% or at least 0.0001%.',

  // M3005 hosts.
  'host.empty': 'write a DNS name such as `api.example.com`.',
  'host.scheme': 'write the host alone, without `{scheme}://`: `{fix}`.',
  'host.path': 'write the host alone, without a path: `{fix}`.',
  'host.port': 'write the host without a port: `{fix}`. Ports are declared with `port`.',
  'host.ip': 'this is an IP address, and hosts are DNS names such as `api.example.com`. IP addresses of an external go in its `addresses`.',
  'host.tooLong': 'it is {length} characters long; host names have at most 253.',
  'host.labelTooLong': 'the label `{label}` is {length} characters long; each dot-separated label has at most 63.',
  'host.emptyLabel': 'it has an empty label (two dots in a row, or a dot at the start).',
  'host.trailingDot': 'remove the trailing dot: `{fix}`.',
  'host.badChar': '{char} is not allowed; host names use lowercase letters, digits, `-` and `.`.{hint}',
  'host.hyphen': 'the label `{label}` starts or ends with `-`; labels start and end with a letter or digit.',
  'host.numericTld': 'the last label `{label}` is all digits, which Istio rejects.',
  'host.wildcardNotAllowed': 'wildcards are not allowed here; name the host exactly.',
  'host.starNotAllowed': '`*` (every host) is not allowed here; name the hosts.',
  'host.wildcardPosition': '`*` may only be the whole leftmost label, as in `*.example.com`.',
  'host.uppercase': 'hosts are lowercase: write `{fix}`.',

  // M3006 HTTP methods.
  'method.empty': 'write one of {allowed}.',
  'method.case': 'methods are upper case: write `{fix}`.',
  'method.unknown': 'expected one of {allowed}.{hint}',

  // M3007 status codes.
  'status.range': 'use a status code from 200 to 599.',
  'status.redirect': 'Istio and Envoy redirect only with 301, 302, 303, 307 or 308.',

  // M3008 header names.
  'header.empty': 'write a header name such as `x-request-id`.',
  'header.badChar': '{char} is not allowed; header names are made of letters, digits and the symbols ! # $ % & \' * + - . ^ _ ` | ~.',
  'header.pseudo': 'there is no such HTTP/2 pseudo-header; expected one of {allowed}.{hint}',
  'header.uppercase': 'Envoy lowercases header names, so they are written in lower case: write `{fix}`.',

  // M3009 labels.
  'label.keyEmpty': 'write a key such as `app` or `app.kubernetes.io/name`.',
  'label.slashes': 'a key has at most one `/`, between the prefix and the name.',
  'label.prefixEmpty': 'there is nothing before `/`; write a prefix such as `example.com/`, or drop the `/`.',
  'label.prefix': 'the prefix `{prefix}` is not a lowercase DNS name such as `example.com`.',
  'label.prefixTooLong': 'the prefix `{prefix}` is {length} characters long; the limit is 253.',
  'label.nameEmpty': 'there is no name after `/`; write one, as in `{prefix}/name`.',
  'label.tooLong': 'it is {length} characters long; the limit is 63.',
  'label.badChar': '{char} is not allowed; labels use letters, digits, `-`, `_` and `.`.',
  'label.edge': 'it must start and end with a letter or digit.',

  // M3010 regexes.
  'regex.tooLong': 'it is {length} characters long, and Istio rejects regexes longer than 1024 characters. Shorten it, or split the match over several rules.',
  'regex.lookahead': 'RE2, the regex dialect Envoy uses, has no lookahead (`{construct}`). Match the wanted text directly, or put a rule for the excluded case before this one.',
  'regex.lookbehind': 'RE2, the regex dialect Envoy uses, has no lookbehind (`{construct}`). Match the wanted text directly, or put a rule for the excluded case before this one.',
  'regex.backreference': 'RE2, the regex dialect Envoy uses, has no backreferences (`{construct}`): it guarantees matching in linear time. Spell out the repeated text instead.',
  'regex.atomic': 'RE2, the regex dialect Envoy uses, has no atomic groups or possessive quantifiers (`{construct}`). RE2 never backtracks, so write the plain group or quantifier.',
  'regex.comment': 'RE2, the regex dialect Envoy uses, has no inline comments (`{construct}`); remove it.',
  'regex.recursion': 'RE2, the regex dialect Envoy uses, has no recursion or conditionals (`{construct}`).',
  'regex.flag': 'RE2 supports only the flags i, m, s and U (`{construct}` is not one of them).',
  'regex.endOfText': 'RE2 has no `\\Z`; use `\\z` for the end of the text.',
  'regex.unicodeEscape': 'RE2 has no `\\u` escapes; write the character itself, or `\\x{…}` with its code point, as in `\\x{41}`.',
  'regex.syntax': 'RE2 cannot compile it: {detail}{at}.',

  // M3011 IP addresses and CIDR ranges.
  'ip.empty': 'write an address such as `10.0.0.1` or `2001:db8::1`{range}.',
  'ip.notAnAddress': 'write an IPv4 address such as `10.0.0.1` or an IPv6 address such as `2001:db8::1`{range}.',
  'ip.v4Parts': 'an IPv4 address is four numbers separated by dots, such as `10.0.0.1`.',
  'ip.v4Octet': 'the number `{octet}` is greater than 255.',
  'ip.v4LeadingZero': 'the number `{octet}` has a leading zero, which some tools read as octal; write `{fix}`.',
  'ip.v6': 'this is not an IPv6 address: write up to eight groups of 1 to 4 hex digits separated by `:`, with `::` at most once, such as `2001:db8::1`.',
  'ip.zone': 'remove the zone `%{zone}`; zones are not allowed here.',
  'ip.prefixNotAllowed': 'this is a range; write a single address, without `/{prefix}`.',
  'ip.prefix': 'the prefix length after `/` must be a whole number from 0 to {max}, without leading zeros.',
  'ip.prefixTooLong': 'the prefix length /{prefix} is greater than {max}, the most an {family} range allows.',

  // M3012 URIs.
  'uri.empty': 'write an absolute URI such as `{example}`.',
  'uri.space': 'a URI cannot contain {char}; percent-encode it (`%20` for a space).',
  'uri.noScheme': 'add the scheme: `{fix}`.',
  'uri.slashes': 'write `//` after the scheme: `{fix}`.',
  'uri.scheme': 'the scheme is `{scheme}`; expected {schemes}.',
  'uri.schemeCase': 'write the scheme in lower case: `{fix}`.',
  'uri.noHost': 'there is no host after `{scheme}://`.',
  'uri.host': 'the host `{host}` is not a valid DNS name or IP address.',
  'uri.port': 'the port `{port}` is not a number from 1 to 65535.',

  // M3014 paths.
  'path.empty': 'write a path that starts with `/`, such as `/api`.',
  'path.slash': 'paths start with `/`: write `{fix}`.',
  'path.url': 'write only the path, without scheme and host: `{fix}`.',
  'path.space': 'a path cannot contain {char}; percent-encode it (`%20` for a space).',
  'path.fragment': 'clients never send the `#…` part of a URL, so it can never match; remove it.',
  'path.wildcardPosition': '`*` may only be the first or the last character: `/api/*` (prefix), `*/info` (suffix) or `*` (any path). Istio treats any other `*` as a plain character, so the rule would never match.',
  'path.wildcard': '`*` is not a wildcard here: it would match only a literal `*`. To match every path under `{prefix}`, use a prefix match (`path prefix "{prefix}"`).',

  // M3015 Kubernetes names.
  'name.empty': 'write a name of lowercase letters, digits and `-`.',
  'name.uppercase': 'Kubernetes names are lowercase: write `{fix}`.',
  'name.badChar': '{char} is not allowed; Kubernetes names use lowercase letters, digits{dot} and `-`.{hint}',
  'name.edge': 'it must start and end with a lowercase letter or digit.',
  'name.tooLong': 'it is {length} characters long; the limit is {max}.',
  'name.labelTooLong': 'the part `{label}` is {length} characters long; each dot-separated part has at most 63.',
  'name.emptyLabel': 'it has an empty part between dots.',

  // Shared pieces.
  'hint.write': ' Write `{fix}`.',
  'hint.didYouMean': ' Did you mean `{fix}`?',
  'hint.portName': ' Did you mean `{fix}`? meshc takes the protocol itself, not an Istio port name.',
  'hint.udp': ' Istio proxies do not carry UDP.',
} as const satisfies Record<string, string>;

export type ValueReason = keyof typeof valueReasons;
