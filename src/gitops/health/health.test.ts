/** Built-in assessments, table-driven from testdata/<kind>-<state>.yaml: one expected status (and message) each. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { assessHealth, isWorse, type HealthStatusCode } from './index.ts';

const fixture = (name: string): Record<string, unknown> => parse(readFileSync(new URL(`./testdata/${name}.yaml`, import.meta.url), 'utf8'));

const CASES: Array<[file: string, status: HealthStatusCode | undefined, message?: string]> = [
  ['deployment-healthy', 'Healthy'],
  ['deployment-progressing', 'Progressing', 'Waiting for rollout to finish: 1 out of 3 new replicas have been updated...'],
  ['deployment-old-replicas', 'Progressing', 'Waiting for rollout to finish: 1 old replicas are pending termination...'],
  ['deployment-unavailable', 'Progressing', 'Waiting for rollout to finish: 2 of 3 updated replicas are available...'],
  ['deployment-generation-not-observed', 'Progressing', 'Waiting for rollout to finish: observed deployment generation less then desired generation'],
  ['deployment-suspended', 'Suspended', 'Deployment is paused'],
  ['deployment-degraded', 'Degraded', 'Deployment "web" exceeded its progress deadline'],
  ['statefulset-healthy', 'Healthy', 'statefulset rolling update complete 3 pods at revision db-6c8d9...'],
  ['statefulset-not-observed', 'Progressing', 'Waiting for statefulset spec update to be observed...'],
  ['statefulset-progressing', 'Progressing', 'Waiting for 2 pods to be ready...'],
  ['statefulset-rolling-update', 'Progressing', 'waiting for statefulset rolling update to complete 1 pods at revision db-7f5b4...'],
  ['statefulset-ondelete', 'Healthy', 'statefulset has 3 ready pods'],
  ['statefulset-partitioned', 'Progressing', 'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...'],
  ['statefulset-partitioned-done', 'Healthy', 'partitioned roll out complete: 2 new pods have been updated...'],
  ['daemonset-healthy', 'Healthy'],
  ['daemonset-progressing', 'Progressing', 'Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...'],
  ['daemonset-unavailable', 'Progressing', 'Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...'],
  ['daemonset-not-observed', 'Progressing'],
  ['daemonset-ondelete', 'Healthy', 'daemon set 1 out of 3 new pods have been updated'],
  ['replicaset-healthy', 'Healthy'],
  ['replicaset-progressing', 'Progressing', 'Waiting for rollout to finish: 1 out of 2 new replicas are available...'],
  ['replicaset-degraded', 'Degraded', 'pods "web-7d9f8-" is forbidden: exceeded quota: compute'],
  ['pod-pending', 'Progressing'],
  ['pod-running-not-ready', 'Progressing'],
  ['pod-running-restart-always', 'Healthy'],
  ['pod-running-restart-never', 'Progressing'],
  ['pod-running-restart-onfailure', 'Progressing'],
  ['pod-running-restart-never-with-ignore-annotation', 'Healthy'],
  ['pod-crashloop', 'Degraded', 'back-off 5m0s restarting failed container=main pod=crashy_shop'],
  ['pod-imagepullbackoff', 'Degraded', 'Back-off pulling image "app:does-not-exist"'],
  // A hook pod waiting for its image must not fail the sync early.
  ['pod-imagepullbackoff-hook', 'Progressing'],
  ['pod-running-restarted-not-ready', 'Degraded', 'container main is restarting'],
  ['pod-failed', 'Degraded', 'container "main" failed with exit code 2'],
  ['pod-failed-message', 'Degraded', 'The node was low on resource: memory.'],
  ['pod-oomkilled', 'Degraded', 'OOMKilled'],
  ['pod-init-failed', 'Degraded', 'schema migration 0042 failed'],
  ['pod-succeeded', 'Healthy'],
  ['pod-deletion', 'Progressing', 'Pending deletion'],
  ['pod-deletion-hook-finalizer', 'Healthy'],
  ['pod-unknown-phase', 'Unknown'],
  ['svc-clusterip', 'Healthy'],
  ['svc-loadbalancer', 'Healthy'],
  ['svc-loadbalancer-unassigned', 'Progressing'],
  ['svc-loadbalancer-emptylist', 'Progressing'],
  ['ingress-healthy', 'Healthy'],
  ['ingress-unassigned', 'Progressing'],
  ['pvc-bound', 'Healthy'],
  ['pvc-pending', 'Progressing'],
  ['pvc-lost', 'Degraded'],
  ['job-running', 'Progressing'],
  ['job-succeeded', 'Healthy'],
  ['job-failed', 'Degraded', 'Job has reached the specified backoff limit'],
  ['job-suspended', 'Suspended', 'Job suspended'],
  ['job-resumed', 'Healthy', 'Job resumed'],
  ['hpa-v2-healthy', 'Healthy', 'recommended size matches current size,the desired replica count is less than the minimum replica count'],
  ['hpa-v2-progressing', 'Progressing', 'Waiting to Autoscale'],
  ['hpa-v2-degraded', 'Degraded', 'the HPA was unable to compute the replica count: failed to get cpu utilization'],
  ['hpa-v1-healthy', 'Healthy', 'the HPA controller was able to update the target scale to 1'],
  ['hpa-v1-degraded', 'Degraded', 'unable to get metrics for resource cpu'],
  ['hpa-v1-progressing-no-annotation', 'Progressing', 'Waiting to Autoscale'],
  ['hpa-v1-bad-annotation', 'Unknown'],
  ['apiservice-available', 'Healthy', 'Passed: all checks passed'],
  ['apiservice-unavailable', 'Progressing', 'FailedDiscoveryCheck: failing or missing response from https://10.96.0.12:443'],
  ['apiservice-unprocessed', 'Progressing', 'Waiting to be processed'],
  ['application-healthy', 'Healthy'],
  ['application-degraded', 'Degraded', 'Deployment "web" exceeded its progress deadline'],
  ['application-suspended', 'Suspended'],
  ['application-missing', 'Missing'],
  ['application-no-health', 'Progressing'],
  ['workflow-running', 'Progressing'],
  ['workflow-failed', 'Degraded', "child 'build-42-123' failed"],
  ['knative-service', undefined],
  // Shipped Lua scripts are found by group/kind (exact, then wildcard) without any configuration.
  ['certificate-healthy', 'Healthy', 'Certificate is up to date and has not expired'],
  ['crossplane-bucket-degraded', 'Degraded', 'observe failed: AccessDenied'],
];

describe('built-in health', () => {
  for (const [file, status, message] of CASES) {
    it(`${file} is ${status ?? 'not assessed'}`, () => {
      const got = assessHealth(fixture(file));
      assert.equal(got?.status, status);
      if (message !== undefined) assert.equal(got?.message, message);
    });
  }

  it('reports a missing live object as Missing', () => {
    assert.deepEqual(assessHealth(undefined), { status: 'Missing' });
  });

  it('turns a check that cannot read its object into Unknown with the reason', () => {
    const got = assessHealth(fixture('hpa-v1-bad-annotation'));
    assert.match(got?.message ?? '', /^failed to convert conditions annotation to typed: /);
  });
});

describe('isWorse', () => {
  const order: HealthStatusCode[] = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];
  it('orders statuses as gitops-engine does', () => {
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) assert.equal(isWorse(order[i], order[j]), j > i, `${order[i]} -> ${order[j]}`);
    }
  });
});
