/**
 * Kubernetes objects as the backends build them, and the conventions they share.
 */

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

/** One output file: a path relative to the output folder, and the objects it holds, in order. */
export interface ObjectFile {
  path: string;
  objects: K8sObject[];
}

/** Every object meshc writes carries this label, so that users can find (and prune) them. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'meshc' } as const;

export function object(apiVersion: string, kind: string, name: string, namespace: string, spec: Record<string, unknown>, annotations?: Record<string, string>): K8sObject {
  const metadata: K8sObject['metadata'] = { name, namespace, labels: { ...MANAGED_BY } };
  if (annotations) metadata.annotations = annotations;
  return { apiVersion, kind, metadata, spec };
}

/** Istio's duration strings: whole seconds as `5s`, anything else in milliseconds. */
export function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * Removes the keys of one object whose value is undefined or an empty array. Shallow on purpose:
 * builders prune each level as they build it, so no subtree is walked twice. Empty objects are
 * kept: in Istio they mean something (`headers: {x-user: {}}` checks that a header is present, an
 * AuthorizationPolicy rule `{}` matches every request), so builders never create them by accident.
 */
export function prune<T extends object>(value: T): T {
  // `for in` rather than `Object.entries`: builders pass object literals (no inherited keys), and
  // every backend object passes through here, so the pairs it would allocate add up.
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const inner: unknown = value[key];
    if (inner === undefined || (Array.isArray(inner) && inner.length === 0)) continue;
    out[key] = inner;
  }
  return out as T;
}

/** The pruned object, or undefined when nothing is left in it (so that its parent drops it). */
export function nonEmpty<T extends Record<string, unknown>>(value: T): T | undefined {
  const pruned = prune(value);
  return Object.keys(pruned).length > 0 ? pruned : undefined;
}
