/** The oldest Node the SDK runs on (undici 8's floor); `engines` in package.json says the same. */
export const MINIMUM_NODE = '22.19.0';

/** Why this Node cannot run the SDK, or undefined when it can. */
export function unsupportedNode(version: string = process.versions.node): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [needMajor = 0, needMinor = 0] = MINIMUM_NODE.split('.').map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `needs Node ${MINIMUM_NODE} or later; this is Node ${version}, so telemetry is off`;
}
