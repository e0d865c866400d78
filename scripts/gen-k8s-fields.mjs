/**
 * Generates `generated/k8s-fields.json`: for each Kubernetes kind meshc emits, the tree of field
 * names its schema declares, read from the TypeScript declarations that `@kubernetes-models/*`
 * ships (which are generated from the upstream CRD schemas).
 *
 * Why: the package's validators check types, enums and patterns but accept unknown fields (the
 * schemas do not set `additionalProperties: false`), while `kubectl apply --validate=strict`
 * rejects them. The run-time validation gate (`compiler/backends/validate-k8s.ts`) walks each
 * object against this tree to reject any field the schema does not declare.
 *
 * Tree format: `0` for a value whose inside is not checked (a scalar, or free-form), or
 * `{ "p": { field: tree, … }, "a": tree }` where `a`, when present, is the tree of the values of a
 * map (an index signature); arrays are described by the tree of their items.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** apiVersion/kind → [package, module path inside it, interface name]. */
const kinds = {
  'networking.istio.io/v1/VirtualService': ['@kubernetes-models/istio', 'networking.istio.io/v1/VirtualService', 'IVirtualService'],
  'networking.istio.io/v1/DestinationRule': ['@kubernetes-models/istio', 'networking.istio.io/v1/DestinationRule', 'IDestinationRule'],
  'networking.istio.io/v1/Gateway': ['@kubernetes-models/istio', 'networking.istio.io/v1/Gateway', 'IGateway'],
  'networking.istio.io/v1/ServiceEntry': ['@kubernetes-models/istio', 'networking.istio.io/v1/ServiceEntry', 'IServiceEntry'],
  'networking.istio.io/v1/Sidecar': ['@kubernetes-models/istio', 'networking.istio.io/v1/Sidecar', 'ISidecar'],
  'networking.istio.io/v1alpha3/EnvoyFilter': ['@kubernetes-models/istio', 'networking.istio.io/v1alpha3/EnvoyFilter', 'IEnvoyFilter'],
  'security.istio.io/v1/PeerAuthentication': ['@kubernetes-models/istio', 'security.istio.io/v1/PeerAuthentication', 'IPeerAuthentication'],
  'security.istio.io/v1/AuthorizationPolicy': ['@kubernetes-models/istio', 'security.istio.io/v1/AuthorizationPolicy', 'IAuthorizationPolicy'],
  'security.istio.io/v1/RequestAuthentication': ['@kubernetes-models/istio', 'security.istio.io/v1/RequestAuthentication', 'IRequestAuthentication'],
};

const files = Object.values(kinds).map(([pkg, mod]) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), `${mod}.d.ts`));
const program = ts.createProgram(files, { strict: true, noEmit: true, skipLibCheck: true });
const checker = program.getTypeChecker();

function tree(type, depth) {
  if (depth > 30) return 0;
  if (type.isUnion()) {
    const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    return merge(members.map((t) => tree(t, depth + 1)));
  }
  const items = arrayItems(type);
  if (items) return tree(items, depth + 1);
  if (!(type.flags & ts.TypeFlags.Object) && !type.isIntersection()) return 0;
  const props = checker.getPropertiesOfType(type);
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  if (props.length === 0 && !index) return 0;
  const node = { p: {} };
  for (const prop of props) {
    const propType = checker.getNonNullableType(checker.getTypeOfSymbol(prop));
    node.p[prop.getName()] = tree(propType, depth + 1);
  }
  if (index) node.a = tree(index.type, depth + 1);
  return node;
}

/** The item type of an array type, also when the array is one part of an intersection. */
function arrayItems(type) {
  if (type.isIntersection()) {
    for (const part of type.types) {
      const items = arrayItems(part);
      if (items) return items;
    }
    return undefined;
  }
  const name = type.getSymbol()?.getName();
  if (checker.isArrayType(type) || name === 'Array' || name === 'ReadonlyArray') {
    return checker.getTypeArguments(type)[0] ?? checker.getIndexTypeOfType(type, ts.IndexKind.Number);
  }
  return undefined;
}

/** Alternatives of a union (oneOf): any field one of them declares is allowed. */
function merge(trees) {
  const objects = trees.filter((t) => t !== undefined && t !== 0);
  if (objects.length === 0) return 0;
  const out = { p: {} };
  for (const t of objects) {
    for (const [k, v] of Object.entries(t.p)) out.p[k] = Object.hasOwn(out.p, k) ? merge([out.p[k], v]) : v;
    if (t.a !== undefined) out.a = out.a === undefined ? t.a : merge([out.a, t.a]);
  }
  return out;
}

const result = {};
for (const [key, [pkg, mod, iface]] of Object.entries(kinds)) {
  const file = program.getSourceFile(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), `${mod}.d.ts`));
  const symbol = checker.getSymbolAtLocation(file).exports.get(iface);
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  const spec = checker.getPropertyOfType(type, 'spec');
  result[key] = spec ? tree(checker.getNonNullableType(checker.getTypeOfSymbol(spec)), 0) : 0;
}
mkdirSync(path.join(root, 'generated'), { recursive: true });
writeFileSync(path.join(root, 'generated', 'k8s-fields.json'), JSON.stringify(result) + '\n');
