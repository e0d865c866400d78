/**
 * The run-time validation gate for Kubernetes objects: nothing is written unless every object
 * passes it.
 *
 * Three layers, because the npm schema packages alone miss things `kubectl apply` rejects:
 * 1. the package's validator (types, enums, required fields, oneOf, patterns, ranges), compiled
 *    from the upstream CRD schemas (`@kubernetes-models/istio`);
 * 2. unknown fields, rejected as `kubectl apply --validate=strict` does, against the field trees
 *    generated from the package's declarations (`scripts/gen-k8s-fields.mjs`);
 * 3. object metadata: names, namespaces and label keys and values as the API server checks them.
 * The CRDs' CEL rules that concern what meshc emits are checked earlier, on the `.mesh` source,
 * where the error can point at what the user wrote.
 *
 * A failure here is a bug in meshc, not in the user's program: the compile stops with an
 * internal error and writes nothing.
 */
import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import { DestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule';
import { Gateway } from '@kubernetes-models/istio/networking.istio.io/v1/Gateway';
import { ServiceEntry } from '@kubernetes-models/istio/networking.istio.io/v1/ServiceEntry';
import { Sidecar } from '@kubernetes-models/istio/networking.istio.io/v1/Sidecar';
import { EnvoyFilter } from '@kubernetes-models/istio/networking.istio.io/v1alpha3/EnvoyFilter';
import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication';
import { AuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy';
import { RequestAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/RequestAuthentication';
import fieldTrees from '../../generated/k8s-fields.json' with { type: 'json' };
import type { K8sObject } from './k8s.ts';

type FieldTree = 0 | { p: Record<string, FieldTree>; a?: FieldTree };

interface Validatable {
  validate(): void;
}

const models: Record<string, new (data: never) => Validatable> = {
  'networking.istio.io/v1/VirtualService': VirtualService,
  'networking.istio.io/v1/DestinationRule': DestinationRule,
  'networking.istio.io/v1/Gateway': Gateway,
  'networking.istio.io/v1/ServiceEntry': ServiceEntry,
  'networking.istio.io/v1/Sidecar': Sidecar,
  'networking.istio.io/v1alpha3/EnvoyFilter': EnvoyFilter,
  'security.istio.io/v1/PeerAuthentication': PeerAuthentication,
  'security.istio.io/v1/AuthorizationPolicy': AuthorizationPolicy,
  'security.istio.io/v1/RequestAuthentication': RequestAuthentication,
};

/** A failure of the gate: always a bug in meshc. */
export class ValidationGateError extends Error {
  constructor(
    readonly object: string,
    readonly problems: string[],
  ) {
    super(`generated ${object} failed validation:\n  ${problems.join('\n  ')}`);
    this.name = 'ValidationGateError';
  }
}

/** Validates one object; returns the problems found (empty when valid). */
export function validateObject(obj: K8sObject): string[] {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const Model = models[key];
  const tree = (fieldTrees as Record<string, FieldTree>)[key];
  if (!Model || tree === undefined) return [`no schema for ${key}`];
  const problems: string[] = [];
  try {
    new Model(obj as never).validate();
  } catch (error) {
    problems.push(String((error as Error).message ?? error));
  }
  // The walk that names each unknown field runs only when the quick one finds one.
  if (hasUnknownFields(obj.spec, tree)) unknownFields(obj.spec, tree, 'spec', problems);
  for (const k of Object.keys(obj)) if (k !== 'apiVersion' && k !== 'kind' && k !== 'metadata' && k !== 'spec') problems.push(`unknown field ${k}`);
  metadata(obj.metadata, problems);
  return problems;
}

/** Validates every object, throwing `ValidationGateError` at the first invalid one. */
export function validateObjects(objects: readonly K8sObject[]): void {
  for (const obj of objects) {
    const problems = validateObject(obj);
    if (problems.length > 0) throw new ValidationGateError(`${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}`, problems);
  }
}

/** Whether `value` has a field its tree does not declare, at any depth. */
function hasUnknownFields(value: unknown, tree: FieldTree): boolean {
  if (tree === 0 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasUnknownFields(item, tree)) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const declared = Object.hasOwn(tree.p, key) ? tree.p[key] : tree.a;
    if (declared === undefined || hasUnknownFields(record[key], declared)) return true;
  }
  return false;
}

function unknownFields(value: unknown, tree: FieldTree, path: string, problems: string[]): void {
  if (tree === 0 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => unknownFields(item, tree, `${path}[${i}]`, problems));
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    const declared = Object.hasOwn(tree.p, key) ? tree.p[key] : tree.a;
    if (declared === undefined) problems.push(`${path}.${key}: unknown field`);
    else unknownFields(inner, declared, `${path}.${key}`, problems);
  }
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function metadata(meta: K8sObject['metadata'], problems: string[]): void {
  if (meta.name.length > 253 || !DNS_SUBDOMAIN.test(meta.name)) problems.push(`metadata.name ${JSON.stringify(meta.name)} is not a DNS-1123 subdomain`);
  if (meta.namespace.length > 63 || !DNS_LABEL.test(meta.namespace)) problems.push(`metadata.namespace ${JSON.stringify(meta.namespace)} is not a DNS-1123 label`);
  // A key that is both a label and an annotation is checked once, as a label (its value as the
  // label's value).
  const labels = meta.labels ?? {};
  for (const key of Object.keys(labels)) {
    if (!qualifiedName(key)) problems.push(`metadata key ${JSON.stringify(key)} is not a qualified name`);
    const value = labels[key]!;
    if (value.length > 63 || (value !== '' && !LABEL_NAME.test(value))) problems.push(`label value ${JSON.stringify(value)} is not valid`);
  }
  for (const key of Object.keys(meta.annotations ?? {})) {
    if (!Object.hasOwn(labels, key) && !qualifiedName(key)) problems.push(`metadata key ${JSON.stringify(key)} is not a qualified name`);
  }
}

/** Keys already found to be qualified names: every object carries the same few. */
const qualifiedNames = new Set<string>();

function qualifiedName(key: string): boolean {
  if (qualifiedNames.has(key)) return true;
  const slash = key.lastIndexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  if (name.length > 63 || !LABEL_NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))) return false;
  if (qualifiedNames.size < 10_000) qualifiedNames.add(key);
  return true;
}
