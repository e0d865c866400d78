/**
 * The folder that SARIF locations and GitHub annotations are relative to.
 *
 * Code scanning and the Actions runner resolve the paths of a report against the repository's
 * root, not against the folder meshc ran in: `meshc check --format sarif` run in `mesh/` must say
 * `mesh/reviews.mesh`, not `reviews.mesh`. The root is `GITHUB_WORKSPACE` (the checkout, inside
 * GitHub Actions) when the working directory is inside it; otherwise the nearest folder, from the
 * working directory up, that holds `.git` (a folder, or a file in a worktree or submodule);
 * otherwise the working directory itself.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export function sourceRoot(cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  const workspace = env.GITHUB_WORKSPACE;
  if (workspace && path.isAbsolute(workspace)) {
    const relative = path.relative(path.resolve(workspace), cwd);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) return path.resolve(workspace);
  }
  for (let dir = cwd; ; ) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return cwd;
    dir = parent;
  }
}
