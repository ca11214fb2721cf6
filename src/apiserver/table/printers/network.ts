/** Service, Endpoints, Ingress and NetworkPolicy printers. */
import { ageCol, col, nameCol } from '../columns.ts';
import { since } from '../duration.ts';
import { formatLabelSelector, formatLabels } from '../labels.ts';
import type { Printer } from '../types.ts';
import { arr, at, num, objs, rec, str } from '../util.ts';
import { listWithMore, loadBalancerIngress } from './common.ts';

/** getServiceExternalIP with wide=true (the server never clips). */
function externalIP(o: unknown): string {
  const external = arr(at(o, 'spec.externalIPs')).map((v) => str(v));
  switch (str(at(o, 'spec.type'), 'ClusterIP')) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(at(o, 'status.loadBalancer.ingress'));
      if (external.length) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return str(at(o, 'spec.externalName'));
    default:
      return '<unknown>';
  }
}

/** makePortString; protocol defaults to TCP as the API server would have set it. */
function ports(o: unknown): string {
  const s = objs(at(o, 'spec.ports'))
    .map((p) => {
      const proto = str(p.protocol, 'TCP');
      return num(p.nodePort) > 0 ? `${num(p.port)}:${num(p.nodePort)}/${proto}` : `${num(p.port)}/${proto}`;
    })
    .join(',');
  return s || '<none>';
}

export const servicePrinter: Printer = {
  columns: [
    nameCol(),
    col('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    ageCol(),
    col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  print(o, now) {
    const clusterIP = str(arr(at(o, 'spec.clusterIPs'))[0]) || str(at(o, 'spec.clusterIP')) || '<none>';
    return {
      cells: [o.metadata.name ?? '', str(at(o, 'spec.type'), 'ClusterIP'), clusterIP, externalIP(o), ports(o), since(o.metadata.creationTimestamp, now), formatLabels(at(o, 'spec.selector'))],
    };
  },
};

/** formatEndpoints(endpoints, nil): up to 3 `ip:port` (or bare IPs for port-less subsets). */
function formatEndpoints(o: unknown): string {
  const subsets = objs(at(o, 'subsets'));
  if (!subsets.length) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = objs(ss.addresses);
    const ps = objs(ss.ports);
    if (!ps.length) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(str(a.ip));
      }
      continue;
    }
    for (const p of ps) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        const ip = str(a.ip);
        list.push(ip.includes(':') ? `[${ip}]:${num(p.port)}` : `${ip}:${num(p.port)}`);
      }
    }
  }
  return listWithMore(list, more, count, max, '');
}

export const endpointsPrinter: Printer = {
  columns: [nameCol(), col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'), ageCol()],
  print: (o, now) => ({ cells: [o.metadata.name ?? '', formatEndpoints(o), since(o.metadata.creationTimestamp, now)] }),
};

/** formatHosts: up to 3 hosts, `*` when no rule names one. */
function formatHosts(rules: unknown): string {
  const rs = objs(rules);
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const r of rs) {
    if (list.length === max) more = true;
    if (!more && str(r.host)) list.push(str(r.host));
  }
  if (!list.length) return '*';
  return more ? `${list.join(',')} + ${rs.length - max} more...` : list.join(',');
}

export const ingressPrinter: Printer = {
  columns: [
    nameCol(),
    col('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'string', 'Ports of TLS configurations that open'),
    ageCol(),
  ],
  print(o, now) {
    const className = at(o, 'spec.ingressClassName');
    return {
      cells: [
        o.metadata.name ?? '',
        typeof className === 'string' ? className : '<none>',
        formatHosts(at(o, 'spec.rules')),
        loadBalancerIngress(at(o, 'status.loadBalancer.ingress')),
        arr(at(o, 'spec.tls')).length ? '80, 443' : '80',
        since(o.metadata.creationTimestamp, now),
      ],
    };
  },
};

export const networkPolicyPrinter: Printer = {
  columns: [nameCol(), col('Pod-Selector', 'string', 'podSelector selects the pods to which this NetworkPolicy object applies.'), ageCol()],
  print: (o, now) => ({ cells: [o.metadata.name ?? '', formatLabelSelector(rec(at(o, 'spec.podSelector'))), since(o.metadata.creationTimestamp, now)] }),
};
