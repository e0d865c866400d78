import type { DiagnosticSpec } from '../registry.ts';

/** M5xxx: misconfiguration analyses, one module each under `compiler/analyses/`. */
export const analysisSpecs: DiagnosticSpec[] = [];
