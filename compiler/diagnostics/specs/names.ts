import type { DiagnosticSpec } from '../registry.ts';

/** M2xxx: names and references, reported by `compiler/check/`. */
export const nameSpecs: DiagnosticSpec[] = [
  { code: 'M2001', severity: 'error', title: 'unknown-service', template: 'There is no service or external named `{name}`.{hint}', fixable: true },
  { code: 'M2002', severity: 'error', title: 'unknown-version', template: '{owner} has no version `{name}`{known}.{hint}', fixable: true },
  { code: 'M2003', severity: 'error', title: 'duplicate-declaration', template: '`{name}` is declared twice: services, gateways and externals share one set of names. Rename one of them.' },
  { code: 'M2004', severity: 'error', title: 'unknown-namespace', template: 'Namespace `{name}` is not one of the mesh\'s namespaces ({known}). Add it to `namespaces` in the `mesh` block, or fix the name.{hint}', fixable: true },
  { code: 'M2005', severity: 'error', title: 'duplicate-version', template: 'Version `{name}` of {owner} is declared twice. Remove one, or rename it.' },
  { code: 'M2006', severity: 'error', title: 'duplicate-mesh', template: 'There is more than one `mesh` block. A program has at most one: merge them.' },
  { code: 'M2007', severity: 'error', title: 'unknown-port', template: '{owner} has no port {port}; its ports: {known}.', fixable: true },
];
