/**
 * Walks the statements of a block: reports statements that do not belong there and statements
 * given twice, and hands every other statement to the caller, in source order.
 */
import type { Stmt } from '../syntax/ast.ts';
import type { FileReporter } from './reporter.ts';
import { allowedContexts, contextName, isAllowed, placementOf, repeatable, type BlockContext } from './scopes.ts';

/** The keyword that starts a statement, as the user would write it. */
export function keywordOf(stmt: Stmt): string {
  switch (stmt.kind) {
    case 'Headers': return `${stmt.direction}-headers`;
    case 'HeaderSet': return stmt.op;
    case 'HeaderRemove': return 'remove';
    case 'Settings': return stmt.block === 'jwt' ? 'require jwt' : stmt.block;
    case 'Authz': return stmt.action;
    case 'TrustDomain': return 'trust-domain';
    case 'RateLimit': return 'rate-limit';
    default: return stmt.kind.toLowerCase();
  }
}

export function walkBlock(fr: FileReporter, stmts: Stmt[], context: BlockContext, visit: (stmt: Stmt) => void): void {
  const seen = new Map<string, Stmt>();
  for (const stmt of stmts) {
    if (!isAllowed(stmt, context)) {
      fr.report('M4001', stmt.keyword, { keyword: keywordOf(stmt), context: contextName(context), allowed: allowedContexts(stmt) });
      continue;
    }
    const placement = placementOf(stmt);
    if (!repeatable.has(placement)) {
      const earlier = seen.get(placement);
      if (earlier) {
        fr.report('M4002', stmt.keyword, { what: `\`${keywordOf(stmt)}\``, context: contextName(context) }, {
          related: [fr.related(fr.loc(earlier.keyword), 'first given here')],
        });
        continue;
      }
      seen.set(placement, stmt);
    }
    visit(stmt);
  }
}
