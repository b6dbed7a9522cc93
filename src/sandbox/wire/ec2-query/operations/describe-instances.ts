import { findCatalogInstanceType } from '../../../services/ec2/instance-type-catalog.js';
import type { InstanceView } from '../../../services/ec2/model.js';
import { pagingOf } from '../paginate.js';
import { filtersOf } from './inputs.js';
import { instanceXml } from './compute-shapes.js';
import type { XmlBody } from '../xml.js';
import type { Ec2Operation } from '../operation.js';

/** Instances grouped by the reservation (RunInstances call) that launched them, in launch order. */
export function reservationsXml(instances: readonly InstanceView[]): XmlBody[] {
  const byReservation = new Map<string, InstanceView[]>();
  for (const instance of instances) {
    const group = byReservation.get(instance.reservationId) ?? [];
    group.push(instance);
    byReservation.set(instance.reservationId, group);
  }
  return [...byReservation.entries()].map(([reservationId, group]) => ({
    reservationId,
    ownerId: group[0]?.ownerId,
    groupSet: [],
    instancesSet: group.map((i) =>
      instanceXml(i, findCatalogInstanceType(i.instanceType)?.architecture ?? 'x86_64'),
    ),
  }));
}

export const describeInstances: Ec2Operation = {
  action: 'DescribeInstances',
  mutating: false,
  handle(params, { ec2 }) {
    const paging = pagingOf(params, {
      idsParameter: { query: 'InstanceId', element: 'instancesSet' },
    });
    let nextToken: string | undefined;
    // The model cuts the page before it builds views (when no filter needs them).
    const instances = ec2.describeInstances({
      instanceIds: params.list('InstanceId'),
      filters: filtersOf(params),
      page: (items) => {
        const page = paging.page(items);
        nextToken = page.nextToken;
        return page.items;
      },
    });
    return { reservationSet: reservationsXml(instances), nextToken };
  },
};
