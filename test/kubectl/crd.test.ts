/**
 * CustomResourceDefinitions through kubectl: a structural schema with descriptions, defaults and
 * validation; status and scale subresources; printer columns, shortNames and categories in discovery;
 * pruning with `--validate` warnings; and `kubectl explain` on a CRD field and on a built-in.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlSuite, manifest, table } from './util.ts';

const widgetCRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wdg'], categories: ['toys'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        additionalPrinterColumns: [
          { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
          { name: 'Color', type: 'string', jsonPath: '.spec.color' },
          { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
          { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas', priority: 1 },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            description: 'A Widget is a configurable toy.',
            properties: {
              spec: {
                type: 'object',
                description: 'The desired widget.',
                required: ['size'],
                properties: {
                  size: { type: 'integer', minimum: 1, maximum: 10, description: 'Size of the widget in whole units, from 1 to 10.' },
                  color: { type: 'string', enum: ['blue', 'red', 'green'], default: 'blue', description: 'Paint colour.' },
                  replicas: { type: 'integer', default: 1 },
                  extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, description: 'Free-form settings kept as given.' },
                },
              },
              status: { type: 'object', properties: { phase: { type: 'string' }, replicas: { type: 'integer' } } },
            },
          },
        },
      },
    ],
  },
};

kubectlSuite('crd', (kc) => {
  const ns = () => `crd-${kc().tag}`;
  const widget = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: ns() }, spec });
  const create = (obj: object, ...flags: string[]) => kc().run(['create', ...flags, '-f', '-'], { input: manifest(obj) });

  before(async () => {
    await kc().seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns() } });
  });

  it('creates the CRD, waits for Established, and serves it in discovery', async () => {
    const out = await kc().ok(['apply', '-f', '-'], { input: manifest(widgetCRD) });
    assert.equal(out.trim(), 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created');
    const waited = await kc().run(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=15s'], { timeoutMs: 20_000 });
    assert.equal(waited.code, 0, waited.stderr);
    assert.equal(waited.stdout.trim(), 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met');
    const res = await kc().ok(['api-resources', '--api-group=example.com']);
    const row = res.split('\n').find((l) => l.startsWith('widgets '));
    assert.deepEqual(row?.trim().split(/\s+/), ['widgets', 'wdg', 'example.com/v1', 'true', 'Widget']);
    const cats = await kc().ok(['api-resources', '--categories=toys', '-o', 'name']);
    assert.equal(cats.trim(), 'widgets.example.com');
    assert.ok((await kc().ok(['api-versions'])).split('\n').includes('example.com/v1'));
  });

  it('rejects invalid widgets with errors that name the field', async () => {
    let r = await create(widget('bad-type', { size: 'string' }));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /The Widget "bad-type" is invalid: /);
    assert.match(r.stderr, /spec\.size: Invalid value: "string": spec\.size in body must be of type integer: "string"/);
    r = await create(widget('too-big', { size: 11, color: 'purple' }));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /spec\.size: Invalid value: 11: spec\.size in body should be less than or equal to 10/);
    assert.match(r.stderr, /spec\.color: Unsupported value: "purple": supported values: "blue", "red", "green"/);
    r = await create(widget('no-size', {}));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /spec\.size: Required value/);
    assert.match((await kc().run(['get', 'widgets', '-n', ns(), '-o', 'name'])).stdout, /^$/);
  });

  it('applies defaults, and prunes unknown fields with a warning unless they are preserved', async () => {
    const w = widget('pruned', { size: 3, bogus: true, extra: { anything: { goes: [1, 2] } } });
    const strict = await create(w);
    assert.notEqual(strict.code, 0, 'default --validate=strict rejects the unknown field');
    assert.match(strict.stderr, /unknown field "spec\.bogus"/);
    const warned = await create(w, '--validate=warn');
    assert.equal(warned.code, 0, warned.stderr);
    assert.equal(warned.stdout.trim(), 'widget.example.com/pruned created');
    assert.match(warned.stderr, /Warning: unknown field "spec\.bogus"/);
    const live = await kc().json(['get', 'widget', 'pruned', '-n', ns()]);
    assert.deepEqual(live.spec, { size: 3, color: 'blue', replicas: 1, extra: { anything: { goes: [1, 2] } } });
    const silent = await create(widget('ignored', { size: 2, bogus: 1 }), '--validate=false');
    assert.equal(silent.code, 0, silent.stderr);
    assert.doesNotMatch(silent.stderr, /Warning/);
    assert.equal((await kc().json(['get', 'widget', 'ignored', '-n', ns()])).spec.bogus, undefined);
  });

  it('get prints the printer columns, -o wide adds priority columns, and shortName and category work', async () => {
    await kc().ok(['apply', '-f', '-'], { input: manifest(widget('shown', { size: 7, color: 'red', replicas: 2 })) });
    const t = table(await kc().ok(['get', 'widgets', 'shown', '-n', ns()]));
    assert.deepEqual(t.header, ['NAME', 'SIZE', 'COLOR', 'PHASE', 'AGE']);
    assert.deepEqual(t.rows[0]!.slice(0, 3), ['shown', '7', 'red']);
    const wide = table(await kc().ok(['get', 'widgets', 'shown', '-n', ns(), '-o', 'wide']));
    assert.deepEqual(wide.header, ['NAME', 'SIZE', 'COLOR', 'PHASE', 'REPLICAS', 'AGE']);
    assert.equal(wide.rows[0]![3], '2');
    assert.equal(await kc().ok(['get', 'wdg', 'shown', '-n', ns(), '-o', 'name']), 'widget.example.com/shown\n');
    assert.equal(await kc().ok(['get', 'widgets.example.com', 'shown', '-n', ns(), '-o', 'name']), 'widget.example.com/shown\n');
    const cat = await kc().ok(['get', 'toys', '-n', ns(), '-o', 'name']);
    assert.match(cat, /^widget\.example\.com\/shown$/m);
    const catTable = await kc().ok(['get', 'toys', '-n', ns()]);
    assert.match(catTable, /\bshown\s+7\s+red\b/);
  });

  it('status and scale subresources: status only through /status, replicas through /scale', async () => {
    await kc().ok(['apply', '-f', '-'], { input: manifest(widget('sub', { size: 1 })) });
    const gen = (await kc().json(['get', 'widget', 'sub', '-n', ns()])).metadata.generation;
    const st = await kc().ok(['patch', 'widget', 'sub', '-n', ns(), '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Ready"}}']);
    assert.equal(st.trim(), 'widget.example.com/sub patched');
    assert.equal((await kc().json(['get', 'widget', 'sub', '-n', ns()])).metadata.generation, gen, 'status changes do not bump generation');
    // Through the main resource the status is ignored.
    const main = await kc().ok(['patch', 'widget', 'sub', '-n', ns(), '--type=merge', '-p', '{"status":{"phase":"Broken"}}']);
    assert.equal(main.trim(), 'widget.example.com/sub patched (no change)');
    assert.equal(await kc().ok(['get', 'widget', 'sub', '-n', ns(), '-o', 'jsonpath={.status.phase}']), 'Ready');
    assert.match(await kc().ok(['get', 'widget', 'sub', '-n', ns()]), /\bsub\s+1\s+blue\s+Ready\s/);
    assert.equal((await kc().ok(['scale', 'widget', 'sub', '-n', ns(), '--replicas=5'])).trim(), 'widget.example.com/sub scaled');
    const scaled = await kc().json(['get', 'widget', 'sub', '-n', ns()]);
    assert.equal(scaled.spec.replicas, 5);
    assert.equal(scaled.metadata.generation, gen + 1);
    // Strategic merge patch is not defined for custom resources.
    const smp = await kc().fails(['patch', 'widget', 'sub', '-n', ns(), '--type=strategic', '-p', '{"spec":{"size":2}}']);
    assert.match(smp.stderr, /strategic merge patch|application\/strategic-merge-patch\+json/);
  });

  it('explain describes a CRD field from its schema', async () => {
    const out = await kc().ok(['explain', 'widgets.spec.size']);
    assert.match(out, /KIND:\s+Widget\n/);
    assert.match(out, /VERSION:\s+(example\.com\/)?v1\n/);
    assert.match(out, /FIELD:\s+size\s+<integer>/);
    assert.match(out, /DESCRIPTION:\n\s+Size of the widget in whole units, from 1 to 10\./);
    const spec = await kc().ok(['explain', 'widget.spec']);
    assert.match(spec, /The desired widget\./);
    assert.match(spec, /FIELDS:\n/);
    // OpenAPI v3 explain (1.27+) prints an `enum:` line between the type and the description.
    assert.match(spec, /\n\s+color\s+<string>\n(\s+enum: blue, red, green\n)?\s+Paint colour\./);
    assert.match(spec, /\n\s+size\s+<integer>( -required-)?\s*\n/);
    const top = await kc().ok(['explain', 'wdg']);
    assert.match(top, /A Widget is a configurable toy\./);
    const missing = await kc().fails(['explain', 'widgets.spec.nothere']);
    assert.match(missing.stderr, /field "nothere" does not exist/);
  });

  it('explain describes a built-in field', async () => {
    const out = await kc().ok(['explain', 'deployment.spec.replicas']);
    assert.match(out, /KIND:\s+Deployment\n/);
    assert.match(out, /VERSION:\s+(apps\/)?v1\n/);
    assert.match(out, /FIELD:\s+replicas\s+<integer>/);
    assert.match(out, /Number of desired pods\./);
    const cm = await kc().ok(['explain', 'configmap.data']);
    assert.match(cm, /FIELD:\s+data\s+<map\[string\]string>/);
  });

  it('deleting the CRD removes its resource type', async () => {
    const out = await kc().ok(['delete', 'crd', 'widgets.example.com', '--timeout=20s'], { timeoutMs: 30_000 });
    assert.equal(out.trim(), 'customresourcedefinition.apiextensions.k8s.io "widgets.example.com" deleted');
    // api-resources refreshes kubectl's discovery cache, so `get` then resolves the type afresh.
    assert.doesNotMatch(await kc().ok(['api-resources', '-o', 'name']), /widgets\.example\.com/);
    const gone = await kc().fails(['get', 'widgets', '-n', ns()]);
    assert.match(gone.stderr, /the server doesn't have a resource type "widgets"/);
  });
});
