/**
 * A test ADS server (state of the world, over gRPC on 127.0.0.1) that serves resources given in
 * proto3 JSON, as meshc writes them, to real xDS clients, and records what they ACK and NACK.
 *
 * protobufjs's `fromObject` does not read proto3 JSON (`"1.5s"` durations, bare wrapper values,
 * `@type` inside `Any`), so `encodeResource` first walks each value along the reflected types.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import protobuf from 'protobufjs';
import type * as grpcTypes from '@grpc/grpc-js';

const require = createRequire(import.meta.url);
const deps = path.join(path.dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
const includes = [...['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => path.join(deps, d)), path.dirname(require.resolve('protobufjs/package.json'))];

const root = new protobuf.Root();
root.resolvePath = (_origin, target) => {
  if (path.isAbsolute(target)) return target;
  for (const dir of includes) {
    const candidate = path.join(dir, target);
    if (existsSync(candidate)) return candidate;
  }
  return target;
};
root.loadSync(
  [
    'envoy/service/discovery/v3/ads.proto',
    'envoy/config/listener/v3/listener.proto',
    'envoy/config/route/v3/route.proto',
    'envoy/config/cluster/v3/cluster.proto',
    'envoy/config/endpoint/v3/endpoint.proto',
    'envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto',
    'envoy/extensions/filters/http/router/v3/router.proto',
    'envoy/extensions/filters/http/rbac/v3/rbac.proto',
    'envoy/extensions/filters/http/fault/v3/fault.proto',
    'envoy/extensions/filters/http/cors/v3/cors.proto',
    'envoy/extensions/transport_sockets/tls/v3/tls.proto',
    'envoy/extensions/upstreams/http/v3/http_protocol_options.proto',
  ],
  { keepCase: true },
);
root.resolveAll();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const WRAPPERS = new Set(['BoolValue', 'StringValue', 'BytesValue', 'UInt32Value', 'Int32Value', 'UInt64Value', 'Int64Value', 'DoubleValue', 'FloatValue'].map((n) => `google.protobuf.${n}`));

function convertMessage(type: protobuf.Type, json: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(json)) {
    if (key === '@type') continue;
    const field = type.fields[key] ?? type.fieldsArray.find((f) => protobuf.util.camelCase(f.name) === key);
    if (!field) throw new Error(`${type.fullName}: no field ${key}`);
    const convert = (v: unknown) => convertValue(field.resolvedType, v);
    if (field.map) out[field.name] = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, convert(v)]));
    else if (field.repeated) out[field.name] = (value as unknown[]).map(convert);
    else out[field.name] = convert(value);
  }
  return out;
}

function convertValue(type: protobuf.Type | protobuf.Enum | null, value: unknown): unknown {
  if (!type || type instanceof protobuf.Enum) return value;
  const name = type.fullName.slice(1);
  if (name === 'google.protobuf.Duration') {
    const m = /^(-?)(\d+)(?:\.(\d+))?s$/.exec(value as string);
    if (!m) throw new Error(`bad duration ${String(value)}`);
    const sign = m[1] ? -1 : 1;
    return { seconds: sign * Number(m[2]), nanos: sign * Number((m[3] ?? '').padEnd(9, '0')) };
  }
  if (WRAPPERS.has(name)) return { value };
  if (name === 'google.protobuf.Any') return anyOf(value as Json);
  return convertMessage(type, value as Json);
}

function anyOf(json: Json): Json {
  const typeUrl = json['@type'] as string;
  const type = root.lookupType(typeUrl.slice(typeUrl.indexOf('/') + 1));
  return { type_url: typeUrl, value: type.encode(type.fromObject(convertMessage(type, json))).finish() };
}

/** A resource in proto3 JSON (with its `@type`) as an encoded `Any`. */
export function encodeResource(json: Json): Json {
  return anyOf(json);
}

const DiscoveryRequest = root.lookupType('envoy.service.discovery.v3.DiscoveryRequest');
const DiscoveryResponse = root.lookupType('envoy.service.discovery.v3.DiscoveryResponse');

export interface Nack {
  node: string;
  typeUrl: string;
  message: string;
}

/** Per node id: resources by type URL and name, in proto3 JSON. */
export type Snapshot = Map<string, Map<string, Json>>;

export class AdsServer {
  readonly nacks: Nack[] = [];
  readonly acks: { node: string; typeUrl: string; names: string[] }[] = [];
  private readonly snapshots = new Map<string, Snapshot>();
  private server: grpcTypes.Server | undefined;
  private version = 0;

  constructor(private readonly grpc: typeof grpcTypes) {}

  /** Serves `resources` (each with its `@type` and name) to clients whose node id is `node`. */
  set(node: string, resources: Json[]): void {
    const snapshot: Snapshot = new Map();
    for (const r of resources) {
      const typeUrl = r['@type'] as string;
      const name = (r.name ?? r.cluster_name) as string;
      if (!snapshot.has(typeUrl)) snapshot.set(typeUrl, new Map());
      snapshot.get(typeUrl)!.set(name, r);
    }
    this.snapshots.set(node, snapshot);
  }

  async start(): Promise<number> {
    const grpc = this.grpc;
    const server = new grpc.Server();
    this.server = server;
    const service = {
      StreamAggregatedResources: {
        path: '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources',
        requestStream: true,
        responseStream: true,
        requestSerialize: (v: Json) => Buffer.from(DiscoveryRequest.encode(DiscoveryRequest.fromObject(v)).finish()),
        requestDeserialize: (b: Buffer) => DiscoveryRequest.toObject(DiscoveryRequest.decode(b), { enums: String, longs: String, defaults: true }),
        responseSerialize: (v: Json) => Buffer.from(DiscoveryResponse.encode(DiscoveryResponse.fromObject(v)).finish()),
        responseDeserialize: (b: Buffer) => DiscoveryResponse.toObject(DiscoveryResponse.decode(b)),
      },
    };
    server.addService(service as unknown as grpcTypes.ServiceDefinition, { StreamAggregatedResources: (call: grpcTypes.ServerDuplexStream<Json, Json>) => this.stream(call) });
    return new Promise((resolve, reject) => {
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
    });
  }

  private stream(call: grpcTypes.ServerDuplexStream<Json, Json>): void {
    let node = '';
    const sent = new Map<string, { nonce: string; names: string }>();
    const seenNacks = new Set<string>();
    call.on('data', (req: Json) => {
      if (req.node?.id) node = req.node.id;
      const typeUrl = req.type_url as string;
      const names = [...(req.resource_names as string[])].sort();
      const last = sent.get(typeUrl);
      if (req.error_detail && req.error_detail.message) {
        // Later requests repeat a NACK under the same nonce: record it once.
        const key = `${req.response_nonce}|${req.error_detail.message}`;
        if (!seenNacks.has(key)) {
          seenNacks.add(key);
          this.nacks.push({ node, typeUrl, message: req.error_detail.message });
        }
      } else if (last && req.response_nonce === last.nonce) {
        this.acks.push({ node, typeUrl, names });
      }
      if (last && last.names === names.join(',') && req.response_nonce === last.nonce) return;
      const available = this.snapshots.get(node)?.get(typeUrl) ?? new Map<string, Json>();
      const resources = names.filter((n) => available.has(n)).map((n) => encodeResource(available.get(n)!));
      const nonce = String(++this.version);
      sent.set(typeUrl, { nonce, names: names.join(',') });
      call.write({ version_info: nonce, type_url: typeUrl, nonce, resources });
    });
    call.on('error', () => undefined);
    call.on('end', () => call.end());
  }

  stop(): void {
    this.server?.forceShutdown();
  }
}
