/**
 * The value validators of `compiler/check/values.ts`, table-driven: for every function, values it
 * accepts and values it rejects, with the code and what the message must say. Every rejection is
 * also checked to name the offending text, to come from the registry, and never to throw.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as V from '../../compiler/check/values.ts';
import { registry } from '../../compiler/diagnostics/registry.ts';

/** A rejected value: the code, fragments the message must contain, and the fix if one is offered. */
interface Bad {
  input: string;
  code: string;
  says?: string[];
  fix?: string;
}

/** Runs one table: `check` returns an error or undefined. */
function table(name: string, check: (input: string) => V.ValueError | undefined, good: string[], bad: Bad[]): void {
  test(`${name}: accepts valid values`, () => {
    for (const input of good) {
      const error = check(input);
      assert.is(error, undefined, `${JSON.stringify(input)} should be valid, got: ${error?.message}`);
    }
  });
  test(`${name}: rejects invalid values with a message that names them`, () => {
    for (const { input, code, says = [], fix } of bad) {
      const error = check(input);
      assert.ok(error, `${JSON.stringify(input)} should be invalid`);
      assert.is(error!.code, code, `code for ${JSON.stringify(input)}: ${error!.message}`);
      assert.ok(registry.has(error!.code), `${error!.code} is in the registry`);
      const shown = input.length > 64 ? input.slice(0, 63) : input;
      assert.ok(error!.message.includes(shown), `message for ${JSON.stringify(input)} names it: ${error!.message}`);
      assert.not.match(error!.message, /\{[A-Za-z]\w*\}/, `message has no unfilled placeholder: ${error!.message}`);
      for (const fragment of says) {
        assert.ok(error!.message.includes(fragment), `message for ${JSON.stringify(input)} should say ${JSON.stringify(fragment)}: ${error!.message}`);
      }
      assert.is(error!.fix, fix, `fix for ${JSON.stringify(input)}`);
    }
  });
}

// ---- M3001 durations -----------------------------------------------------------------------------

test('parseDuration: returns milliseconds', () => {
  const cases: [string, number][] = [
    ['1ms', 1],
    ['500ms', 500],
    ['6s', 6000],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['1h2m3s4ms', 3_723_004],
    ['0h1ms', 1],
    ['315576000000s', V.MAX_DURATION_MS],
  ];
  for (const [raw, ms] of cases) assert.equal(V.parseDuration(raw), { value: ms }, raw);
});

table(
  'parseDuration',
  (raw) => V.parseDuration(raw).error,
  ['1ms', '1m30s', '2h', '59m59s999ms'],
  [
    { input: '0ms', code: 'M3001', says: ['reject durations under 1ms'] },
    { input: '0s', code: 'M3001', says: ['under 1ms'] },
    { input: '30s1m', code: 'M3001', says: ['largest to smallest'], fix: '1m30s' },
    { input: '1s1s', code: 'M3001', says: ['at most once'], fix: '2s' },
    { input: '1ms1s', code: 'M3001', fix: '1001ms' },
    { input: '1.5s', code: 'M3001', says: ['whole numbers', 'write `1500ms`'], fix: '1500ms' },
    { input: '1.5m', code: 'M3001', fix: '1m30s' },
    { input: '0.5ms', code: 'M3001', says: ['smallest unit is ms'] },
    { input: '7sec', code: 'M3001', says: ['`sec` is not a unit', 'Did you mean `7s`?'], fix: '7s' },
    { input: '5min', code: 'M3001', says: ['`min`', 'Did you mean `5m`?'], fix: '5m' },
    { input: '1m30sec', code: 'M3001', fix: '1m30s' },
    { input: '1.5sec', code: 'M3001', fix: '1500ms' },
    { input: '2d', code: 'M3001', says: ['Did you mean `48h`?'], fix: '48h' },
    { input: '6S', code: 'M3001', fix: '6s' },
    { input: '100us', code: 'M3001', says: ['whole milliseconds'] },
    { input: '7x', code: 'M3001', says: ['`x` is not a unit'] },
    { input: '5mss', code: 'M3001', says: ['Did you mean `5ms`?'], fix: '5ms' },
    { input: '500', code: 'M3001', says: ['has no unit', '`500ms`'] },
    { input: '1m30', code: 'M3001', says: ['`30` has no unit'] },
    { input: '', code: 'M3001', says: ['`500ms`'] },
    { input: 's', code: 'M3001', says: ['whole number followed by a unit'] },
    { input: '-5s', code: 'M3001', says: ['negative'] },
    { input: '1m 30s', code: 'M3001', says: ['remove the spaces'], fix: '1m30s' },
    { input: '315576000001s', code: 'M3001', says: ['315576000000s'] },
    { input: '99999999999999999999999h', code: 'M3001', says: ['longest duration'] },
  ],
);

test('formatDuration: canonical spelling', () => {
  assert.is(V.formatDuration(0), '0ms');
  assert.is(V.formatDuration(1500), '1500ms');
  assert.is(V.formatDuration(6000), '6s');
  assert.is(V.formatDuration(90_000), '1m30s');
  assert.is(V.formatDuration(90_500), '1m30s500ms');
  assert.is(V.formatDuration(7_200_000), '2h');
  for (const ms of [1, 999, 1000, 61_001, 3_600_000, 86_400_001]) {
    assert.is(V.parseDuration(V.formatDuration(ms)).value, ms, `round trip of ${ms}`);
  }
});

// ---- M3002, M3003, M3007 numbers -----------------------------------------------------------------

table(
  'checkPercent',
  (s) => V.checkPercent(Number(s)),
  ['0', '0.0001', '0.5', '12.5', '100'],
  [
    { input: '101', code: 'M3002', says: ['0% to 100%'] },
    { input: '0.00005', code: 'M3002', says: ['0.0001%'] },
    { input: '-1', code: 'M3002' },
    { input: '100.0001', code: 'M3002' },
    { input: 'NaN', code: 'M3002' },
  ],
);

table(
  'checkPort',
  (s) => V.checkPort(Number(s)),
  ['1', '80', '9080', '65535'],
  [
    { input: '0', code: 'M3003', says: ['1 to 65535'] },
    { input: '65536', code: 'M3003', says: ['1 to 65535'] },
    { input: '80.5', code: 'M3003', says: ['whole numbers'] },
    { input: '-80', code: 'M3003' },
  ],
);

table('checkStatus response', (s) => V.checkStatus(Number(s), 'response'), ['200', '404', '503', '599'], [
  { input: '199', code: 'M3007', says: ['response status', '200 to 599'] },
  { input: '600', code: 'M3007' },
  { input: '1503', code: 'M3007' },
]);
table('checkStatus abort', (s) => V.checkStatus(Number(s), 'abort'), ['200', '503'], [
  { input: '700', code: 'M3007', says: ['fault abort status'] },
  { input: '0', code: 'M3007' },
]);
table('checkStatus redirect', (s) => V.checkStatus(Number(s), 'redirect'), ['301', '302', '303', '307', '308'], [
  { input: '304', code: 'M3007', says: ['redirect code', '301, 302, 303, 307 or 308'] },
  { input: '300', code: 'M3007' },
  { input: '200', code: 'M3007' },
]);

// ---- M3004, M3013 keywords -----------------------------------------------------------------------

const protocols = ['http', 'http2', 'grpc', 'tcp', 'tls', 'https'];
table('checkProtocol', (s) => V.checkProtocol(s, protocols), protocols, [
  { input: 'htp', code: 'M3004', says: ['Did you mean `http`?', "Istio decides how its proxies handle a port"], fix: 'http' },
  { input: 'HTTP', code: 'M3004', fix: 'http' },
  { input: 'http-web', code: 'M3004', says: ['not an Istio port name'], fix: 'http' },
  { input: 'h2', code: 'M3004', fix: 'http2' },
  { input: 'udp', code: 'M3004', says: ['do not carry UDP'] },
  { input: 'quic', code: 'M3004', says: ['`http`, `http2`'] },
]);

const mtls = ['strict', 'permissive', 'disable'];
table('checkEnum', (s) => V.checkEnum(s, mtls, 'mTLS mode'), mtls, [
  { input: 'strcit', code: 'M3013', says: ['Unknown mTLS mode', 'expected one of `strict`, `permissive`, `disable`', 'Did you mean `strict`?'], fix: 'strict' },
  { input: 'STRICT', code: 'M3013', fix: 'strict' },
  { input: 'off', code: 'M3013' },
  { input: '', code: 'M3013' },
]);

// ---- M3005 hosts ---------------------------------------------------------------------------------

table(
  'checkHost',
  (s) => V.checkHost(s),
  ['example.com', 'reviews', 'reviews.default.svc.cluster.local', 'a-b.c1.io', `${'a'.repeat(63)}.com`],
  [
    { input: 'Example.com', code: 'M3005', says: ['hosts are lowercase: write `example.com`'], fix: 'example.com' },
    { input: '*.example.com', code: 'M3005', says: ['wildcards are not allowed here'] },
    { input: '*', code: 'M3005', says: ['every host'] },
    { input: '10.0.0.1', code: 'M3005', says: ['IP address'] },
    { input: '::1', code: 'M3005', says: ['IP address'] },
    { input: '[2001:db8::1]:443', code: 'M3005', says: ['IP address'] },
    { input: 'example.com:443', code: 'M3005', says: ['without a port'], fix: 'example.com' },
    { input: 'https://example.com/x', code: 'M3005', says: ['without `https://`'], fix: 'example.com' },
    { input: 'example.com/x', code: 'M3005', says: ['without a path'], fix: 'example.com' },
    { input: 'Shop.example.com:8080', code: 'M3005', says: ['without a port: `shop.example.com`'], fix: 'shop.example.com' },
    { input: 'https://Example.com:8443/x', code: 'M3005', fix: 'example.com' },
    { input: 'example.com:443/x', code: 'M3005', fix: 'example.com' },
    { input: 'example.com.', code: 'M3005', says: ['trailing dot'], fix: 'example.com' },
    { input: 'a..b', code: 'M3005', says: ['empty label'] },
    { input: '.a', code: 'M3005', says: ['empty label'] },
    { input: 'foo_bar.com', code: 'M3005', says: ['`_` is not allowed', 'Write `foo-bar.com`.'], fix: 'foo-bar.com' },
    { input: 'foo bar.com', code: 'M3005', says: ['a space is not allowed'] },
    { input: '-a.com', code: 'M3005', says: ['`-a`'] },
    { input: 'a.123', code: 'M3005', says: ['all digits'] },
    { input: `${'a'.repeat(64)}.com`, code: 'M3005', says: ['64 characters'] },
    { input: `${'a.'.repeat(127)}ab`, code: 'M3005', says: ['256 characters', 'at most 253'] },
    { input: '', code: 'M3005', says: ['api.example.com'] },
  ],
);

table('checkHost with wildcards', (s) => V.checkHost(s, { allowWildcard: true }), ['*.example.com', '*.com', 'example.com'], [
  { input: 'a.*.com', code: 'M3005', says: ['whole leftmost label'] },
  { input: '*foo.com', code: 'M3005', says: ['whole leftmost label'] },
  { input: '*.*.com', code: 'M3005' },
  { input: '*', code: 'M3005', says: ['every host'] },
  { input: '*.', code: 'M3005', says: ['empty label'] },
  { input: '*.Example.com', code: 'M3005', fix: '*.example.com' },
]);

table('checkHost with *', (s) => V.checkHost(s, { allowWildcard: true, allowStar: true }), ['*', '*.example.com'], [
  { input: '**', code: 'M3005' },
]);

// ---- M3006 HTTP methods --------------------------------------------------------------------------

table('checkMethod', V.checkMethod, ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'], [
  { input: 'get', code: 'M3006', says: ['methods are upper case: write `GET`'], fix: 'GET' },
  { input: 'Patch', code: 'M3006', fix: 'PATCH' },
  { input: 'GETS', code: 'M3006', says: ['Did you mean `GET`?'], fix: 'GET' },
  { input: 'PURGE', code: 'M3006', says: ['expected one of `GET`'] },
  { input: '', code: 'M3006' },
]);

// ---- M3008 header names --------------------------------------------------------------------------

table('checkHeaderName', V.checkHeaderName, ['x-user', 'end-user', 'x_custom', 'x.y', ':authority', ':path', ':method', ':scheme'], [
  { input: 'End-User', code: 'M3008', says: ['Envoy lowercases header names', 'write `end-user`'], fix: 'end-user' },
  { input: ':Path', code: 'M3008', fix: ':path' },
  { input: ':pth', code: 'M3008', says: ['pseudo-header', 'Did you mean `:path`?'], fix: ':path' },
  { input: ':foo', code: 'M3008', says: ['`:authority`'] },
  { input: 'x user', code: 'M3008', says: ['a space is not allowed'] },
  { input: 'x-user:', code: 'M3008', says: ['`:` is not allowed'] },
  { input: 'x(y)', code: 'M3008', says: ['`(` is not allowed'] },
  { input: '', code: 'M3008' },
]);

// ---- M3009 labels --------------------------------------------------------------------------------

table(
  'checkLabelKey',
  V.checkLabelKey,
  ['app', 'version', 'App_Name.v1', 'app.kubernetes.io/name', 'example.com/Team', `${'a'.repeat(63)}`, `${`${'a'.repeat(63)}.`.repeat(3)}${'a'.repeat(61)}/x`],
  [
    { input: '', code: 'M3009', says: ['label key'] },
    { input: 'a/b/c', code: 'M3009', says: ['at most one `/`'] },
    { input: '/x', code: 'M3009', says: ['nothing before `/`'] },
    { input: 'x/', code: 'M3009', says: ['no name after `/`'] },
    { input: 'Example.com/x', code: 'M3009', says: ['`Example.com`'] },
    { input: 'a_b.com/x', code: 'M3009', says: ['prefix `a_b.com`'] },
    { input: `${'a'.repeat(254)}/x`, code: 'M3009', says: ['254 characters'] },
    { input: 'a'.repeat(64), code: 'M3009', says: ['64 characters', 'limit is 63'] },
    { input: '-app', code: 'M3009', says: ['start and end with a letter or digit'] },
    { input: 'app.', code: 'M3009' },
    { input: 'a b', code: 'M3009', says: ['a space is not allowed'] },
  ],
);

table('checkLabelValue', V.checkLabelValue, ['', 'v1', 'reviews', 'A-b_c.1', 'a'.repeat(63)], [
  { input: 'ingress gateway', code: 'M3009', says: ['label value', 'a space'] },
  { input: 'a'.repeat(64), code: 'M3009', says: ['64 characters'] },
  { input: 'a-', code: 'M3009' },
  { input: '_a', code: 'M3009' },
  { input: 'a/b', code: 'M3009', says: ['`/` is not allowed'] },
]);

// ---- M3010 regexes -------------------------------------------------------------------------------

table(
  'checkRegex',
  V.checkRegex,
  ['^/api/.*$', '/reviews/[0-9]+', '(?i)jason', '(?P<id>\\d+)', '\\x{41}', '[[:alpha:]]', '\\pL', 'a{2,5}', 'x'.repeat(1024), '(?:a|b)\\z'],
  [
    { input: 'x'.repeat(1025), code: 'M3010', says: ['1025 characters', 'longer than 1024'] },
    { input: '(?=x)', code: 'M3010', says: ['no lookahead', '`(?=`'] },
    { input: '/api/(?!internal).*', code: 'M3010', says: ['no lookahead', '`(?!`'] },
    { input: '(?<=x)a', code: 'M3010', says: ['no lookbehind', '`(?<=`'] },
    { input: '(?<!x)a', code: 'M3010', says: ['no lookbehind'] },
    { input: '(a)\\1', code: 'M3010', says: ['no backreferences', '`\\1`'] },
    { input: '(?P<n>a)(?P=n)', code: 'M3010', says: ['no backreferences', '`(?P=`'] },
    { input: '(?<n>a)\\k<n>', code: 'M3010', says: ['no backreferences'] },
    { input: 'a++', code: 'M3010', says: ['possessive', '`++`'] },
    { input: '(?>a)', code: 'M3010', says: ['atomic'] },
    { input: 'a(?#note)', code: 'M3010', says: ['inline comments'] },
    { input: '(?x)a b', code: 'M3010', says: ['flags i, m, s and U'] },
    { input: 'a\\Z', code: 'M3010', says: ['`\\z`'] },
    { input: '\\u0041', code: 'M3010', says: ['`\\x{41}`'] },
    { input: '(', code: 'M3010', says: ['missing closing )'] },
    { input: 'a)', code: 'M3010', says: ['unexpected )'] },
    { input: '[a-', code: 'M3010', says: ['missing closing ]'] },
    { input: '*a', code: 'M3010', says: ['missing argument to repetition operator'] },
    { input: 'a{1001}', code: 'M3010', says: ['invalid repeat count'] },
    { input: '[\\1]', code: 'M3010' },
  ],
);

test('checkRegex: a construct inside a character class or \\Q…\\E is not blamed', () => {
  // `[(?=]` is a valid class; RE2 fails on the `\1` after it, which is what the message names.
  const error = V.checkRegex('[(?=](a)\\1');
  assert.ok(error?.message.includes('`\\1`'), error?.message);
  assert.is(V.checkRegex('\\Q(?=\\E'), undefined);
});

// ---- M3011 IP addresses and ranges ---------------------------------------------------------------

table(
  'checkCidr',
  V.checkCidr,
  ['10.0.0.0/8', '10.0.0.1', '0.0.0.0/0', '192.168.1.1/32', '::1/128', '::/0', '2001:db8::/32', '::ffff:10.0.0.1', '1:2:3:4:5:6:7:8', '10.0.0.1/8'],
  [
    { input: '10.0.0.0/33', code: 'M3011', says: ['/33 is greater than 32'] },
    { input: '::1/129', code: 'M3011', says: ['greater than 128'] },
    { input: '010.0.0.1', code: 'M3011', says: ['leading zero', 'write `10.0.0.1`'], fix: '10.0.0.1' },
    { input: '10.0.0.01/24', code: 'M3011', fix: '10.0.0.1/24' },
    { input: '256.0.0.1', code: 'M3011', says: ['`256` is greater than 255'] },
    { input: '10.0.0', code: 'M3011', says: ['four numbers'] },
    { input: '10.0.0.0.0', code: 'M3011', says: ['four numbers'] },
    { input: '10.0.0.0/', code: 'M3011', says: ['0 to 32'] },
    { input: '10.0.0.0/08', code: 'M3011', says: ['leading zeros'] },
    { input: '10.0.0.0/8/8', code: 'M3011' },
    { input: 'example.com', code: 'M3011', says: ['`10.0.0.1`', '`10.0.0.0/8`'] },
    { input: '1::2::3', code: 'M3011', says: ['`::` at most once'] },
    { input: '1:2:3:4:5:6:7:8:9', code: 'M3011' },
    { input: '12345::', code: 'M3011' },
    { input: ':1::', code: 'M3011' },
    { input: 'fe80::1%eth0', code: 'M3011', says: ['zone `%eth0`'] },
    { input: '', code: 'M3011' },
  ],
);

table('checkIp', V.checkIp, ['10.0.0.1', '::1', '2001:db8::1'], [
  { input: '10.0.0.0/8', code: 'M3011', says: ['this is a range', 'without `/8`'] },
  { input: '010.0.0.1', code: 'M3011', fix: '10.0.0.1' },
  { input: 'localhost', code: 'M3011' },
]);

// ---- M3012 URIs ----------------------------------------------------------------------------------

const jwks = ['https', 'http'];
table(
  'checkUri',
  (s) => V.checkUri(s, jwks),
  [
    'https://accounts.example.com/.well-known/jwks.json',
    'http://auth:8080/jwks',
    'https://10.0.0.1/keys',
    'https://[2001:db8::1]:8443/keys',
    'https://Auth.Example.com/keys?x=1#k',
    'https://example.com:/x',
    'https://example.com',
  ],
  [
    { input: 'HTTPS://example.com/k', code: 'M3012', says: ['lower case'], fix: 'https://example.com/k' },
    { input: 'ftp://example.com/k', code: 'M3012', says: ['scheme is `ftp`', 'expected `https`, `http`'] },
    { input: 'example.com/jwks', code: 'M3012', says: ['add the scheme'], fix: 'https://example.com/jwks' },
    { input: 'localhost:8080/jwks', code: 'M3012', fix: 'https://localhost:8080/jwks' },
    { input: 'https:example.com/k', code: 'M3012', says: ['`//`'], fix: 'https://example.com/k' },
    { input: 'https:///k', code: 'M3012', says: ['no host'] },
    { input: 'https://foo_bar.com/k', code: 'M3012', says: ['`foo_bar.com`'] },
    { input: 'https://10.0.0.256/k', code: 'M3012' },
    { input: 'https://[::1/k', code: 'M3012' },
    { input: 'https://example.com:0/k', code: 'M3012', says: ['port `0`'] },
    { input: 'https://example.com:99999/k', code: 'M3012' },
    { input: 'https://example.com/a b', code: 'M3012', says: ['a space', '%20'] },
    { input: '', code: 'M3012', says: ['https://example.com/'] },
  ],
);

// ---- M3014 paths ---------------------------------------------------------------------------------

table('checkPath', (s) => V.checkPath(s), ['/', '/api', '/api/v1/', '/a%20b', '/search?q=1'], [
  { input: 'api', code: 'M3014', says: ['start with `/`'], fix: '/api' },
  { input: '/api/*', code: 'M3014', says: ['not a wildcard here', 'path prefix "/api/"'] },
  { input: '*', code: 'M3014' },
  { input: '/a b', code: 'M3014', says: ['a space'] },
  { input: '/a\tb', code: 'M3014', says: ['a tab'] },
  { input: '/a\u00a0b', code: 'M3014', says: ['the invisible space U+00A0'] },
  { input: '/a\u0001b', code: 'M3014', says: ['the control character U+0001'] },
  { input: '/a#top', code: 'M3014', says: ['never send'], fix: '/a' },
  { input: 'https://example.com/a', code: 'M3014', says: ['without scheme and host'], fix: '/a' },
  { input: '', code: 'M3014' },
]);

table('checkPath with wildcards', (s) => V.checkPath(s, { allowWildcard: true }), ['/api', '/api/*', '/api*', '*/info', '*.html', '*'], [
  { input: '/api/*/reviews', code: 'M3014', says: ['first or the last character', 'never match'] },
  { input: '/a/**', code: 'M3014' },
  { input: '**', code: 'M3014' },
  { input: 'api/*', code: 'M3014', fix: '/api/*' },
]);

// ---- M3015 Kubernetes names ----------------------------------------------------------------------

table('checkDnsLabel', (s) => V.checkDnsLabel(s, 'version name'), ['v1', 'v2-mysql', 'reviews', '1a', 'a'.repeat(63)], [
  { input: 'Reviews', code: 'M3015', says: ['Invalid version name', 'write `reviews`'], fix: 'reviews' },
  { input: 'v2_mysql', code: 'M3015', says: ['`_` is not allowed', 'Write `v2-mysql`.'], fix: 'v2-mysql' },
  { input: 'v2.1', code: 'M3015', fix: 'v2-1' },
  { input: '-v1', code: 'M3015', says: ['start and end'] },
  { input: 'v1-', code: 'M3015' },
  { input: 'a'.repeat(64), code: 'M3015', says: ['64 characters', 'limit is 63'] },
  { input: '_', code: 'M3015' },
  { input: '', code: 'M3015' },
]);

table('checkDnsSubdomain', (s) => V.checkDnsSubdomain(s, 'service account'), ['bookinfo-reviews', 'a.b-c.d', `${'a'.repeat(63)}.b`], [
  { input: 'Bookinfo_Reviews', code: 'M3015', says: ['Invalid service account', '`.` and `-`'], fix: 'bookinfo-reviews' },
  { input: 'a..b', code: 'M3015', says: ['empty part'] },
  { input: `${'a'.repeat(64)}.b`, code: 'M3015', says: ['64 characters'] },
  { input: `${'a.'.repeat(127)}ab`, code: 'M3015', says: ['256 characters', 'limit is 253'] },
  { input: 'a.-b', code: 'M3015' },
]);

// ---- Everything ----------------------------------------------------------------------------------

test('no validator throws, whatever the input', () => {
  const inputs = ['', ' ', '\u0000', '\\', '(', '[', '*', '**', ':', '::', '/', '//', '%', '.', '..', '-', '1e400s', '\u{1F600}', 'a'.repeat(5000), '9'.repeat(400)];
  for (const input of inputs) {
    V.parseDuration(input);
    V.checkEnum(input, ['a'], 'thing');
    V.checkProtocol(input, ['http']);
    V.checkHost(input, { allowWildcard: true, allowStar: true });
    V.checkHost(input);
    V.checkMethod(input);
    V.checkHeaderName(input);
    V.checkLabelKey(input);
    V.checkLabelValue(input);
    V.checkRegex(input);
    V.checkCidr(input);
    V.checkIp(input);
    V.checkUri(input, ['https']);
    V.checkPath(input, { allowWildcard: true });
    V.checkPath(input);
    V.checkDnsLabel(input, 'name');
    V.checkDnsSubdomain(input, 'name');
    const n = Number(input);
    V.checkPercent(n);
    V.checkPort(n);
    V.checkStatus(n, 'redirect');
  }
});

test('a label key prefix may be 253 characters long', () => {
  const prefix = `${`${'a'.repeat(63)}.`.repeat(3)}${'a'.repeat(61)}`;
  assert.is(prefix.length, 253);
  assert.is(V.checkLabelKey(`${prefix}/x`), undefined);
});

test('the M30xx specs are errors with kebab-case titles', () => {
  for (let i = 1; i <= 15; i++) {
    const code = `M30${String(i).padStart(2, '0')}`;
    const spec = registry.get(code);
    assert.ok(spec, `${code} is registered`);
    assert.is(spec!.severity, 'error');
    assert.match(spec!.title, /^[a-z]+(-[a-z0-9]+)*$/);
  }
});

test.run();
