/**
 * Generates `generated/envoy-types.json`: the Envoy v3 message and enum types meshc emits, with
 * their fields and protoc-gen-validate rules, read from the `.proto` files that ship in
 * `@grpc/grpc-js-xds` (`deps/envoy-api`, `deps/xds`, `deps/googleapis`, `deps/protoc-gen-validate`).
 *
 * Why: the run-time validation gate (`compiler/backends/validate-envoy.ts`) checks every resource
 * in its proto3 JSON form against Envoy's own API. Parsing the `.proto` files takes a few hundred
 * milliseconds, so the table is built once, at build time, and bundled.
 *
 * NOTE: the rules are taken from each field's *parsed* options, not from `Root.toJSON()`, which
 * drops empty rule messages such as `(validate.rules).duration = {gt: {}}` ("more than 0s").
 *
 * Table format:
 *   { messages: { FULL_NAME: { f: { field: F }, o?: { oneof: 1 if required else 0 } } },
 *     enums: { FULL_NAME: { VALUE_NAME: number } }, anyTypes: [FULL_NAME] }
 *   F = { t: type (scalar name or FULL_NAME), j?: json name when it differs, r?: 1 repeated,
 *         k?: map key type, o?: oneof name, v?: validate rules, d?: 1 deprecated,
 *         x?: 1 disallowed by default }
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const deps = path.join(path.dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
const includes = ['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => path.join(deps, d));
// google/protobuf/*.proto (descriptor.proto above all, for the custom options) ship with protobufjs.
includes.push(path.dirname(require.resolve('protobufjs/package.json')));

/** Every message type meshc emits: resources, and the payloads of the `Any`s it writes. */
const ROOTS = [
  'envoy.config.bootstrap.v3.Bootstrap',
  'envoy.config.listener.v3.Listener',
  'envoy.config.route.v3.RouteConfiguration',
  'envoy.config.cluster.v3.Cluster',
  'envoy.config.endpoint.v3.ClusterLoadAssignment',
];
/** Types an `Any` (`typed_config`, `typed_per_filter_config`, …) may hold in meshc's output. */
const ANY_TYPES = [
  'envoy.config.listener.v3.Listener',
  'envoy.config.route.v3.RouteConfiguration',
  'envoy.config.cluster.v3.Cluster',
  'envoy.config.endpoint.v3.ClusterLoadAssignment',
  'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
  'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
  'envoy.extensions.filters.network.rbac.v3.RBAC',
  'envoy.extensions.filters.http.router.v3.Router',
  'envoy.extensions.filters.http.rbac.v3.RBAC',
  'envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication',
  'envoy.extensions.filters.http.fault.v3.HTTPFault',
  'envoy.extensions.filters.http.cors.v3.Cors',
  'envoy.config.route.v3.CorsPolicy',
  'envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
  'envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector',
  'envoy.extensions.filters.listener.original_dst.v3.OriginalDst',
  'envoy.extensions.filters.listener.http_inspector.v3.HttpInspector',
  'envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
  'envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
  'envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
];
const FILES = [
  'envoy/config/bootstrap/v3/bootstrap.proto',
  'envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto',
  'envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.proto',
  'envoy/extensions/filters/network/rbac/v3/rbac.proto',
  'envoy/extensions/filters/http/router/v3/router.proto',
  'envoy/extensions/filters/http/rbac/v3/rbac.proto',
  'envoy/extensions/filters/http/jwt_authn/v3/config.proto',
  'envoy/extensions/filters/http/fault/v3/fault.proto',
  'envoy/extensions/filters/http/cors/v3/cors.proto',
  'envoy/extensions/filters/http/local_ratelimit/v3/local_rate_limit.proto',
  'envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.proto',
  'envoy/extensions/filters/listener/original_dst/v3/original_dst.proto',
  'envoy/extensions/filters/listener/http_inspector/v3/http_inspector.proto',
  'envoy/extensions/transport_sockets/tls/v3/tls.proto',
  'envoy/extensions/upstreams/http/v3/http_protocol_options.proto',
];
/** Well-known types the gate checks by their JSON form, without looking inside. */
const OPAQUE = new Set([
  'google.protobuf.Any', 'google.protobuf.Duration', 'google.protobuf.Timestamp', 'google.protobuf.Struct',
  'google.protobuf.Value', 'google.protobuf.ListValue', 'google.protobuf.Empty',
  'google.protobuf.BoolValue', 'google.protobuf.StringValue', 'google.protobuf.BytesValue',
  'google.protobuf.UInt32Value', 'google.protobuf.Int32Value', 'google.protobuf.UInt64Value',
  'google.protobuf.Int64Value', 'google.protobuf.DoubleValue', 'google.protobuf.FloatValue',
]);

const pb = new protobuf.Root();
pb.resolvePath = (_origin, target) => {
  if (path.isAbsolute(target)) return target;
  for (const dir of includes) {
    const candidate = path.join(dir, target);
    if (existsSync(candidate)) return candidate;
  }
  return target;
};
pb.loadSync(FILES, { keepCase: true });
pb.resolveAll();

/** Merges the parsed options named `key` (there may be several entries) into one object. */
function parsedOption(obj, key) {
  let out;
  for (const entry of obj.parsedOptions ?? []) {
    if (!(key in entry)) continue;
    const value = entry[key];
    out = out === undefined ? value : deepMerge(out, value);
  }
  return out;
}

function deepMerge(a, b) {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a)) return b;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out;
}

/** Normalises option values protobufjs leaves as Long-like objects or strings. */
function plain(value) {
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    if ('low' in value && 'high' in value && 'unsigned' in value) return protobuf.util.LongBits.from(value).toNumber(value.unsigned);
    // A repeated option given once (`not_in: 0`) parses as a scalar.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, (k === 'in' || k === 'not_in') && !Array.isArray(v) ? [plain(v)] : plain(v)]));
  }
  return value;
}

const messages = {};
const enums = {};
const queue = [...ROOTS, ...ANY_TYPES];

function fullName(reflected) {
  return reflected.fullName.replace(/^\./, '');
}

while (queue.length > 0) {
  const name = queue.shift();
  if (messages[name] || enums[name] || OPAQUE.has(name)) continue;
  const type = pb.lookup(name);
  if (type instanceof protobuf.Enum) {
    enums[name] = { ...type.values };
    continue;
  }
  if (!(type instanceof protobuf.Type)) throw new Error(`not a message or enum: ${name}`);
  const fields = {};
  for (const field of type.fieldsArray) {
    const f = {};
    if (field.resolvedType) {
      f.t = fullName(field.resolvedType);
      queue.push(f.t);
    } else f.t = field.type;
    const json = protobuf.util.camelCase(field.name);
    if (json !== field.name) f.j = json;
    if (field.repeated) f.r = 1;
    if (field.map) f.k = field.keyType;
    if (field.partOf) f.o = field.partOf.name;
    const rules = parsedOption(field, '(validate.rules)');
    if (rules !== undefined) f.v = plain(rules);
    if (field.options?.deprecated) f.d = 1;
    if (parsedOption(field, '(envoy.annotations.disallowed_by_default)')) f.x = 1;
    fields[field.name] = f;
  }
  const message = { f: fields };
  const oneofs = {};
  for (const oneof of type.oneofsArray) {
    // Proto3 `optional` fields are synthetic one-member oneofs named `_field`; they are not choices.
    if (oneof.name.startsWith('_') && oneof.fieldsArray.length === 1) {
      for (const field of oneof.fieldsArray) delete fields[field.name].o;
      continue;
    }
    oneofs[oneof.name] = parsedOption(oneof, '(validate.required)') ? 1 : 0;
  }
  if (Object.keys(oneofs).length > 0) message.o = oneofs;
  messages[name] = message;
}

const sorted = (obj) => Object.fromEntries(Object.keys(obj).sort().map((k) => [k, obj[k]]));
const out = path.join(root, 'generated', 'envoy-types.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ messages: sorted(messages), enums: sorted(enums), anyTypes: [...ANY_TYPES].sort() }));
console.log(`gen-envoy-types: ${Object.keys(messages).length} messages, ${Object.keys(enums).length} enums → generated/envoy-types.json`);
