/**
 * Stage 3b: misconfiguration analyses over the checked model. Each analysis is one module in this
 * folder; this file runs them all. They see only what checked out, so they never report on top
 * of a checker error about the same construct.
 */
import type { Diagnostic } from '../diagnostics/types.ts';
import type { Program } from '../check/model.ts';
import type { SourceFile } from '../syntax/ast.ts';

export function runAnalyses(program: Program, files: SourceFile[]): Diagnostic[] {
  void program;
  void files;
  return [];
}
