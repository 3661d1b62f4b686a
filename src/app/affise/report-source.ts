import type { CachePort } from '../../ports/cache';
import type { Deadline } from '../../ports/clock';
import type { AffiseClient } from '../../provider/affise/client';
import type { AffisePayment } from '../../provider/affise/normalize';
import type { AffisePaymentQuery } from '../../provider/affise/query';
import type { RequestStats } from '../../provider/provider';
import type { CachedAffiseSource } from './source';

/** A report checks for deleted invoices at least this often, even when nothing changed. */
export const DELETION_CHECK_SECONDS = 21_600;

/** What an Affise report run reads: always fresh from Affise (never the functions' cache), except affiliate names. */
export interface AffiseReportSource {
  readonly stats: RequestStats;
  listPayments(query: AffisePaymentQuery, deadline: Deadline): AffisePayment[];
  listPaymentsByIds(ids: readonly number[], deadline: Deadline): AffisePayment[];
  countPayments(query: AffisePaymentQuery, deadline: Deadline): number;
  affiliateNames(deadline: Deadline): ReadonlyMap<number, string>;
  /** True when the report's last count check is older than DELETION_CHECK_SECONDS (or forgotten). */
  deletionCheckDue(reportId: string): boolean;
  deletionChecked(reportId: string): void;
}

/** The report source of one Affise connection; the last count check is remembered in the document cache. */
export function affiseReportSource(source: CachedAffiseSource, documentCache: CachePort, namespace: string): AffiseReportSource {
  const client: AffiseClient = source.client;
  const checkKey = (reportId: string): string => `AK:${namespace}:${reportId}`;
  return {
    stats: client.stats,
    listPayments: (query, deadline) => client.listPayments(query, deadline),
    listPaymentsByIds: (ids, deadline) => client.listPaymentsByIds(ids, deadline),
    countPayments: (query, deadline) => client.countPayments(query, deadline),
    affiliateNames: (deadline) => source.affiliateNames(deadline),
    deletionCheckDue: (reportId) => documentCache.get(checkKey(reportId)) === null,
    deletionChecked: (reportId) => documentCache.put(checkKey(reportId), '1', DELETION_CHECK_SECONDS),
  };
}
