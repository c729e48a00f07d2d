// Everything one run measured: written as the report's JSON, rendered as its Markdown.
import type { Fixture } from './fixture';
import type { GitState } from './git-state';
import type { BenchOptions } from './options';
import type { FaultCountsReading } from './cluster-fault-counts';
import type { ArticlePageFigures } from './scenarios/article-page';
import type { CacheFloodFigures } from './scenarios/cache-flood';
import type { CeilingFigures } from './scenarios/ceiling';
import type { ClusterFigures } from './scenarios/cluster';
import type { ApiFigures } from './scenarios/comments-api';
import type { FirstLoadFigures } from './scenarios/first-load-js';
import type { ModerationFigures } from './scenarios/moderation';
import type { PostingFigures, PostingTemplate } from './scenarios/posting';
import type { RawSqlFigures } from './scenarios/raw-sql';
import type { ReplyNotificationFigures } from './scenarios/reply-notifications';
import type { SignedInPageFigures } from './scenarios/signed-in-page';
import type { ThreadPagesFigures } from './scenarios/thread-pages';
import type { ThreadShape } from './seed';
import type { ProfileFigures } from './profile';

export type Round = { round: number; articlePage: ArticlePageFigures; signedInPage: SignedInPageFigures; api: ApiFigures; posting: PostingFigures; rssAfter: number };

export type TargetRow = {
  key: string;
  target: string;
  measured: string;
  /** null: not measured in this run (say why in `measured`). */
  met: boolean | null;
  /** For a missed target: what explains it (figures from this run). */
  why?: string;
};

/** A figure the report shows beside the targets that is judged against none (a former target, a ratio). */
export type InformationRow = { key: string; what: string; measured: string; note?: string };

export type BenchResult = {
  meta: {
    startedAt: string;
    seconds: number;
    mode: 'full' | 'smoke';
    options: BenchOptions;
    machine: { cores: number; cpu: string; memoryBytes: number; loadAverageStart: number[]; loadAverageEnd: number[] };
    node: string;
    postgres: { version: string; embedded: boolean };
    git: GitState;
    buildCommand: string;
    serverCommand: string;
  };
  data: {
    articles: { key: 'small' | 'large' | 'page' | 'posting'; label: string; slug: string; shape: ThreadShape }[];
    readers: number;
    writerPool: number;
    seedSeconds: number;
    /** The posting article once every round has posted: its counters must still agree with its rows. */
    postingAfter?: ThreadShape;
  };
  threadPages: ThreadPagesFigures;
  moderation?: ModerationFigures;
  app: { build: { built: boolean; seconds: number }; rssAfterStart: number; processes: number };
  postingTemplate: Pick<PostingTemplate, 'url' | 'capturedBy' | 'contentEncoding'> & { headerNames: string[]; fields: string[] };
  rounds: Round[];
  ceiling?: CeilingFigures;
  rawSql?: RawSqlFigures;
  firstLoad: FirstLoadFigures;
  cacheFlood: CacheFloodFigures;
  /** Scenario 10: replies that notify against replies that do not. */
  replyNotifications: ReplyNotificationFigures;
  /** Scenario 11: one instance against two behind nginx (or why it was skipped). */
  cluster: ClusterFigures;
  /** The cluster tests' latest fault run, read from its file at the end of the bench. */
  clusterFault: FaultCountsReading;
  rssAfterAll: number;
  profiles: ProfileFigures[];
  targets: TargetRow[];
  information: InformationRow[];
};

export const articleList = (fixture: Fixture): BenchResult['data']['articles'] =>
  (['small', 'large', 'page', 'posting'] as const).map((key) => ({ key, label: fixture[key].label, slug: fixture[key].slug, shape: fixture[key].shape }));
