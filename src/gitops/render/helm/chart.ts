/**
 * Loading a Helm chart as Helm's loader does (pkg/chart/loader): Chart.yaml (apiVersion v1 or v2),
 * values.yaml, values.schema.json, requirements.yaml (v1), templates/, charts/ (sub-chart folders and .tgz
 * archives, names starting with `.` or `_` skipped), every other file into `.Files`; `.helmignore` rules
 * applied when loading a folder. Pure over an in-memory file list; `loadChartDir` reads a folder.
 */
import { readdir, readFile, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseGoYaml } from '../../../lib/gotemplate/index.ts';
import { isObject } from '../../../apiserver/types.ts';
import { HelmIgnore } from './ignore.ts';
import { untarGz } from './tar.ts';
import { RenderError } from '../errors.ts';

export interface ChartFile {
  name: string;
  data: Buffer;
}

export interface Dependency {
  name: string;
  version?: string;
  repository?: string;
  condition?: string;
  tags?: string[];
  alias?: string;
  'import-values'?: unknown[];
  enabled?: boolean;
}

export interface Chart {
  /** Chart.yaml as parsed (camelCase keys). */
  metadata: Record<string, unknown> & { name: string; version: string; apiVersion: string };
  values: Record<string, unknown>;
  schema?: Buffer;
  templates: ChartFile[];
  files: ChartFile[];
  /** Sub-charts found in charts/. */
  subcharts: Chart[];
  /** Dependencies declared in Chart.yaml (v2) or requirements.yaml (v1). */
  dependencies: Dependency[];
}

export class ChartLoadError extends RenderError {
  constructor(message: string, path?: string) {
    super('InvalidSource', message, path);
    this.name = 'ChartLoadError';
  }
}

const MAX_FILE = 10 * 1024 * 1024;
const MAX_TOTAL = 100 * 1024 * 1024;

/** Reads a chart folder (symlinks inside are not followed) applying `.helmignore`. */
export async function loadChartDir(dir: string): Promise<Chart> {
  let ignore = HelmIgnore.defaults();
  try {
    ignore = HelmIgnore.parse(await readFile(join(dir, '.helmignore'), 'utf8'));
  } catch {
    // no .helmignore
  }
  const files: ChartFile[] = [];
  let total = 0;
  const walk = async (rel: string) => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.name === '.git') continue;
      const isDir = e.isDirectory() || (e.isSymbolicLink() && (await lstat(join(dir, name))).isDirectory());
      if (ignore.ignored(name, isDir)) continue;
      if (isDir) await walk(name);
      else if (e.isFile()) {
        const data = await readFile(join(dir, name));
        if (data.length > MAX_FILE) throw new ChartLoadError(`chart file "${name}" is larger than ${MAX_FILE} bytes`, name);
        total += data.length;
        if (total > MAX_TOTAL) throw new ChartLoadError(`chart is larger than ${MAX_TOTAL} bytes`);
        files.push({ name, data });
      }
    }
  };
  await walk('');
  return loadChartFiles(files);
}

/** A chart package (.tgz): its files sit under one top folder, which is stripped. */
export function loadChartArchive(archive: Buffer, what = 'chart archive'): Chart {
  let entries;
  try {
    entries = untarGz(archive);
  } catch (e) {
    throw new ChartLoadError(`cannot read ${what}: ${(e as Error).message}`);
  }
  const files: ChartFile[] = [];
  for (const e of entries) {
    const parts = e.name.replace(/^\.\//, '').split('/');
    if (parts.length < 2) continue;
    const rel = parts.slice(1).join('/');
    if (rel.split('/').includes('..')) throw new ChartLoadError(`chart archive entry "${e.name}" is outside the chart`);
    files.push({ name: rel, data: e.data });
  }
  return loadChartFiles(files);
}

export function loadChartFiles(files: ChartFile[]): Chart {
  const chartYaml = files.find((f) => f.name === 'Chart.yaml');
  if (!chartYaml) throw new ChartLoadError('Chart.yaml file is missing');
  const metadata = parseYamlFile('Chart.yaml', chartYaml.data) as Chart['metadata'];
  if (!isObject(metadata)) throw new ChartLoadError('Chart.yaml: not a YAML map');
  if (!metadata.apiVersion) metadata.apiVersion = 'v1'; // Helm 2 charts had no apiVersion
  validateMetadata(metadata);
  const chart: Chart = { metadata, values: {}, templates: [], files: [], subcharts: [], dependencies: [] };
  const subFiles = new Map<string, ChartFile[]>();
  for (const f of files) {
    if (f.name === 'Chart.yaml') continue;
    if (f.name === 'values.yaml') {
      const v = parseYamlFile('values.yaml', f.data);
      chart.values = isObject(v) ? v : {};
    } else if (f.name === 'values.schema.json') chart.schema = f.data;
    else if (f.name === 'requirements.yaml' && metadata.apiVersion === 'v1') {
      const r = parseYamlFile('requirements.yaml', f.data);
      if (isObject(r) && Array.isArray(r.dependencies)) chart.dependencies = r.dependencies as Dependency[];
      chart.files.push(f);
    } else if (f.name.startsWith('templates/')) chart.templates.push(f);
    else if (f.name.startsWith('charts/')) {
      const rest = f.name.slice('charts/'.length);
      const cname = rest.split('/')[0]!;
      if (cname.startsWith('.') || cname.startsWith('_')) continue;
      if (!rest.includes('/')) {
        if (rest.endsWith('.tgz')) chart.subcharts.push(loadChartArchive(f.data, `sub-chart archive "${f.name}"`));
        continue;
      }
      const list = subFiles.get(cname) ?? [];
      list.push({ name: rest.slice(cname.length + 1), data: f.data });
      subFiles.set(cname, list);
    } else chart.files.push(f);
  }
  for (const [cname, list] of subFiles) {
    try {
      chart.subcharts.push(loadChartFiles(list));
    } catch (e) {
      throw new ChartLoadError(`error unpacking subchart ${cname} in ${metadata.name}: ${(e as Error).message}`);
    }
  }
  if (metadata.apiVersion !== 'v1' && Array.isArray(metadata.dependencies)) chart.dependencies = metadata.dependencies as Dependency[];
  return chart;
}

function parseYamlFile(name: string, data: Buffer): unknown {
  try {
    return parseGoYaml(data.toString('utf8'));
  } catch (e) {
    throw new ChartLoadError(`cannot load ${name}: ${(e as Error).message}`, name);
  }
}

function validateMetadata(m: Record<string, unknown>) {
  if (m.apiVersion !== 'v1' && m.apiVersion !== 'v2' && m.apiVersion !== 'v3') throw new ChartLoadError(`validation: chart.metadata.apiVersion "${String(m.apiVersion)}" is not valid`);
  if (!m.name) throw new ChartLoadError('validation: chart.metadata.name is required');
  if (typeof m.name === 'string' && (m.name.includes('/') || m.name.includes('\\') || m.name === '.' || m.name === '..')) throw new ChartLoadError(`chart.metadata.name "${m.name}" is invalid`);
  if (m.version === undefined || m.version === null || m.version === '') throw new ChartLoadError('validation: chart.metadata.version is required');
  m.version = String(m.version);
  if (!/^v?\d+(\.\d+)?(\.\d+)?(-[0-9A-Za-z\-.]+)?(\+[0-9A-Za-z\-.]+)?$/.test(m.version as string)) throw new ChartLoadError(`validation: chart.metadata.version "${m.version}" is invalid`);
  if (m.type !== undefined && m.type !== '' && m.type !== 'application' && m.type !== 'library') throw new ChartLoadError('validation: chart.metadata.type must be application or library');
  if (m.appVersion !== undefined && typeof m.appVersion !== 'string') m.appVersion = String(m.appVersion);
}
