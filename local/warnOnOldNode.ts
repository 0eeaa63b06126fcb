/** The oldest Node.js major version the app supports and is tested on (Azure runs it: package.json engines). */
export const supportedNodeMajor = 22;

/**
 * Local runs on an older Node say so instead of failing in some odd place later: the app, its tests and its
 * dependencies are only tested on Node 22 and newer. `.ci/with-node22 <command>` runs a command on Node 22.
 */
export function warnOnOldNode(version: string = process.versions.node, warn: (line: string) => void = (line) => console.warn(line)): boolean {
  const major = Number(version.split('.')[0]);
  if (major >= supportedNodeMajor) return false;
  warn(
    `Warning: Node.js ${version} is older than the supported Node.js ${supportedNodeMajor} (what Azure runs). ` +
      `It may work, but it is not tested; run the same command with \`.ci/with-node22\` in front (for example \`.ci/with-node22 npm test\`) or install Node.js ${supportedNodeMajor}.`,
  );
  return true;
}
