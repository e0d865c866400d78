/**
 * Only the schema validation of the gate (the `@kubernetes-models/istio` validators), without the
 * unknown-field and metadata layers: the floor the compile benchmark compares against.
 */
import { validateObject } from '../compiler/backends/validate-k8s.ts';
import type { K8sObject } from '../compiler/backends/k8s.ts';
import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import { DestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule';
import { Gateway } from '@kubernetes-models/istio/networking.istio.io/v1/Gateway';
import { ServiceEntry } from '@kubernetes-models/istio/networking.istio.io/v1/ServiceEntry';
import { Sidecar } from '@kubernetes-models/istio/networking.istio.io/v1/Sidecar';
import { EnvoyFilter } from '@kubernetes-models/istio/networking.istio.io/v1alpha3/EnvoyFilter';
import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication';
import { AuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy';
import { RequestAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/RequestAuthentication';

const models: Record<string, new (data: never) => { validate(): void }> = {
  VirtualService, DestinationRule, Gateway, ServiceEntry, Sidecar, EnvoyFilter, PeerAuthentication, AuthorizationPolicy, RequestAuthentication,
};

export function validateSchemaOnly(obj: K8sObject): void {
  new models[obj.kind]!(obj as never).validate();
}

/** The whole gate, for comparison. */
export { validateObject };
