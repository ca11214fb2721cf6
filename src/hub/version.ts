/** What `/version` reports: the Kubernetes API level Marina serves, and Marina's own version. */
export const MARINA_VERSION = '0.1.0';
export const VERSION_INFO = {
  major: '1',
  minor: '33',
  gitVersion: `v1.33.0+marina-${MARINA_VERSION}`,
  gitCommit: '',
  gitTreeState: 'clean',
  buildDate: '2026-11-23T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'tsx',
  platform: `${process.platform}/${process.arch}`,
};
