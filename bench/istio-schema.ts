/**
 * One JSON Schema for Istio resources, for yaml-language-server: built at bench time from the JSON
 * Schemas that the npm package `@kubernetes-models/istio` 2.3.0 ships (installed under the alias
 * `kubernetes-models-istio-2`; they are the CRD schemas of Istio 1.18). Version 3 of that package,
 * the compiler's dependency, ships its schemas only as compiled validator code, which
 * yaml-language-server cannot read.
 *
 * Each model of 2.3.0 registers its schema (and those it refers to, such as `ObjectMeta`) with
 * `@kubernetes-models/validate` the first time it validates; here `register` is replaced, for the
 * time of the build, by a function that keeps the schemas instead. The result dispatches on
 * `apiVersion` and `kind` with `if`/`then` (draft 7), so that each document of a file is checked
 * against the schema of its kind alone:
 *
 * - `$ref`s between the package's schemas (by id, `io.k8s…ObjectMeta#`) become `#/definitions/…`;
 * - the v1 resources that meshc writes (`networking.istio.io/v1`, `security.istio.io/v1`) are
 *   checked against the schema of the newest version of their kind in the package (v1beta1 for
 *   networking and for `PeerAuthentication`): Istio promoted those APIs to v1 without changing
 *   their fields, so only the `apiVersion` enum of each kind is widened to the versions dispatched
 *   to it;
 * - documents of any other kind (the `v1` Namespaces) are left unchecked.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const PACKAGE = 'kubernetes-models-istio-2';

/** The kinds meshc writes for Istio, and the module of the package whose schema checks them. */
const KINDS: { group: string; kind: string; module: string }[] = [
  { group: 'networking.istio.io', kind: 'VirtualService', module: 'networking.istio.io/v1beta1/VirtualService' },
  { group: 'networking.istio.io', kind: 'DestinationRule', module: 'networking.istio.io/v1beta1/DestinationRule' },
  { group: 'networking.istio.io', kind: 'Gateway', module: 'networking.istio.io/v1beta1/Gateway' },
  { group: 'networking.istio.io', kind: 'ServiceEntry', module: 'networking.istio.io/v1beta1/ServiceEntry' },
  { group: 'networking.istio.io', kind: 'Sidecar', module: 'networking.istio.io/v1beta1/Sidecar' },
  { group: 'networking.istio.io', kind: 'EnvoyFilter', module: 'networking.istio.io/v1alpha3/EnvoyFilter' },
  { group: 'security.istio.io', kind: 'AuthorizationPolicy', module: 'security.istio.io/v1/AuthorizationPolicy' },
  { group: 'security.istio.io', kind: 'RequestAuthentication', module: 'security.istio.io/v1/RequestAuthentication' },
  { group: 'security.istio.io', kind: 'PeerAuthentication', module: 'security.istio.io/v1beta1/PeerAuthentication' },
];

/** The versions of each group that are dispatched to the kind's schema. */
const VERSIONS: Record<string, string[]> = {
  'networking.istio.io': ['v1', 'v1beta1', 'v1alpha3'],
  'security.istio.io': ['v1', 'v1beta1'],
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface IstioSchema {
  /** The schema, draft 7. */
  schema: { [key: string]: Json };
  /** `package@version` the schemas came from. */
  source: string;
  kinds: string[];
}

export function buildIstioSchema(): IstioSchema {
  const req = createRequire(import.meta.url);
  const pkgJson = req.resolve(`${PACKAGE}/package.json`);
  const pkg = req(pkgJson) as { name: string; version: string };
  const fromPkg = createRequire(pkgJson);
  // Every copy of @kubernetes-models/validate that the package's modules load: its own, and the one
  // its apimachinery dependency (ObjectMeta and friends) resolves.
  const validates = new Set<{ register: (id: string, schema: unknown) => void }>();
  validates.add(fromPkg('@kubernetes-models/validate'));
  validates.add(createRequire(fromPkg.resolve('@kubernetes-models/apimachinery/package.json'))('@kubernetes-models/validate'));
  const captured = new Map<string, Json>();
  const saved = [...validates].map((v) => [v, v.register] as const);
  for (const v of validates) v.register = (id, schema) => void captured.set(id, structuredClone(schema) as Json);
  const ids = new Map<string, string>();
  try {
    for (const k of KINDS) {
      const mod = req(`${PACKAGE}/${k.module}`) as Record<string, { prototype: object }>;
      const proto = mod[k.kind]!.prototype as Record<symbol, unknown>;
      const symbols = Object.getOwnPropertySymbols(proto);
      const idSym = symbols.find((s) => s.description === 'SCHEMA_ID');
      const addSym = symbols.find((s) => s.description === 'ADD_SCHEMA');
      if (!idSym || !addSym) throw new Error(`${PACKAGE}/${k.module}: no schema hook (not @kubernetes-models/istio 2.x?)`);
      (proto[addSym] as () => void)();
      ids.set(k.kind, proto[idSym] as string);
    }
  } finally {
    for (const [v, register] of saved) v.register = register;
  }
  const key = (id: string) => id.replace(/#$/, '');
  const definitions: { [key: string]: Json } = {};
  const rewrite = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) {
        if (!captured.has(key(v))) throw new Error(`unresolved $ref ${v}`);
        out[k] = `#/definitions/${key(v)}`;
      } else out[k] = rewrite(v);
    }
    return out;
  };
  for (const [id, schema] of captured) definitions[key(id)] = rewrite(schema);
  const allOf: Json[] = [];
  for (const k of KINDS) {
    const def = definitions[ids.get(k.kind)!] as { properties: { [key: string]: Json } };
    const apiVersions = VERSIONS[k.group]!.map((v) => `${k.group}/${v}`);
    def.properties.apiVersion = { type: 'string', enum: apiVersions };
    allOf.push({
      if: { properties: { apiVersion: { enum: apiVersions }, kind: { const: k.kind } }, required: ['apiVersion', 'kind'] },
      then: { $ref: `#/definitions/${ids.get(k.kind)!}` },
    });
  }
  return {
    schema: { $schema: 'http://json-schema.org/draft-07/schema#', title: `Istio resources (from ${pkg.name}@${pkg.version})`, type: 'object', allOf, definitions },
    source: `${pkg.name}@${pkg.version}`,
    kinds: KINDS.map((k) => k.kind),
  };
}

export function writeIstioSchema(file: string): IstioSchema {
  const s = buildIstioSchema();
  writeFileSync(file, JSON.stringify(s.schema));
  return s;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = writeIstioSchema(process.argv[2] ?? '/dev/stdout');
  console.error(`${s.source}: ${s.kinds.join(', ')}; ${Object.keys(s.schema.definitions as object).length} definitions`);
}
