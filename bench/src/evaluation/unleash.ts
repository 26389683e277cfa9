/**
 * unleash-client, offline: an in-memory repository replaces the HTTP fetcher, metrics are off and
 * auto-start is off, so the SDK never opens a socket (the `url` it insists on is never requested).
 * The flag is three strategies (OR): two `default` strategies with constraints for rules 1–2 and a
 * `flexibleRollout` with constraints plus a segment for rule 3. Unleash buckets with MurmurHash3 of
 * `<groupId>:<userId>` % 100 + 1, the same formula as @flags, so with `groupId` = flag key the same
 * 30% of users get the rollout.
 */
import { EventEmitter } from 'node:events';
import { type Context, Unleash, UnleashEvents } from 'unleash-client';
import type { FeatureInterface } from 'unleash-client/lib/feature.js';
import type { RepositoryInterface } from 'unleash-client/lib/repository/index.js';
import type { Segment } from 'unleash-client/lib/strategy/strategy.js';
import {
  ALLOW_LIST,
  ALLOWED_ENVIRONMENTS,
  BETA_PLANS,
  BETA_PLATFORMS,
  EMBARGOED_COUNTRIES,
  ENTERPRISE_COUNTRIES,
  FLAG_KEY,
  MIN_ACCOUNT_AGE_DAYS,
  MIN_APP_VERSION,
  type Person,
  ROLLOUT_PERCENT,
} from './fixture.js';
import type { PeerSystem } from './system.js';

const BETA_SEGMENT_ID = 1;

const betaSegment: Segment = {
  id: BETA_SEGMENT_ID,
  constraints: [
    { contextName: 'betaOptIn', operator: 'IN' as never, inverted: false, values: ['true'] },
    { contextName: 'plan', operator: 'IN' as never, inverted: false, values: BETA_PLANS },
  ],
};

const feature: FeatureInterface = {
  name: FLAG_KEY,
  enabled: true,
  strategies: [
    {
      name: 'default',
      parameters: {},
      constraints: [
        { contextName: 'plan', operator: 'IN' as never, inverted: false, values: ['enterprise'] },
        { contextName: 'country', operator: 'IN' as never, inverted: false, values: ENTERPRISE_COUNTRIES },
        {
          contextName: 'appVersion',
          operator: 'SEMVER_GTE' as never,
          inverted: false,
          values: [],
          value: MIN_APP_VERSION,
        },
      ],
    },
    {
      name: 'default',
      parameters: {},
      constraints: [
        { contextName: 'userId', operator: 'IN' as never, inverted: false, values: ALLOW_LIST },
        { contextName: 'environment', operator: 'IN' as never, inverted: false, values: ALLOWED_ENVIRONMENTS },
        {
          contextName: 'accountAgeDays',
          operator: 'NUM_GTE' as never,
          inverted: false,
          values: [],
          value: MIN_ACCOUNT_AGE_DAYS,
        },
      ],
    },
    {
      name: 'flexibleRollout',
      parameters: { rollout: String(ROLLOUT_PERCENT), stickiness: 'userId', groupId: FLAG_KEY },
      constraints: [
        { contextName: 'country', operator: 'NOT_IN' as never, inverted: false, values: EMBARGOED_COUNTRIES },
        { contextName: 'platform', operator: 'IN' as never, inverted: false, values: BETA_PLATFORMS },
      ],
      segments: [BETA_SEGMENT_ID],
    },
  ],
};

/** A repository serving a fixed feature set from memory: no fetcher, no backup file, no network. */
class InMemoryRepository extends EventEmitter implements RepositoryInterface {
  private readonly toggles: Map<string, FeatureInterface>;
  private readonly segments: Map<number, Segment>;

  constructor(features: FeatureInterface[], segments: Segment[]) {
    super();
    this.toggles = new Map(features.map((f) => [f.name, f]));
    this.segments = new Map(segments.map((s) => [s.id, s]));
  }
  getToggle(name: string) {
    return this.toggles.get(name);
  }
  getToggles() {
    return [...this.toggles.values()];
  }
  getTogglesWithSegmentData() {
    return this.getToggles().map((toggle) => ({
      ...toggle,
      strategies: toggle.strategies?.map((s) => ({ ...s, segments: s.segments?.map((id) => this.segments.get(id)) })),
    }));
  }
  getSegment(id: number) {
    return this.segments.get(id);
  }
  async start() {
    this.emit(UnleashEvents.Ready);
    this.emit(UnleashEvents.Changed, this.getToggles());
  }
  stop() {}
}

/** Unleash's context: known fields on top, everything else a string property. */
function toUnleashContext(person: Person): Context {
  return {
    userId: person.userId,
    environment: person.environment,
    properties: {
      plan: person.plan,
      country: person.country,
      appVersion: person.appVersion,
      accountAgeDays: String(person.accountAgeDays),
      betaOptIn: String(person.betaOptIn),
      platform: person.platform,
    },
  };
}

/** Starts an offline Unleash client and returns its `isEnabled` on the reference flag. */
export async function unleashSystem(people: readonly Person[]): Promise<PeerSystem<Context>> {
  const unleash = new Unleash({
    appName: 'flags-bench',
    // Required by the SDK; never requested because the repository and metrics below are local/off.
    url: 'http://127.0.0.1:9/api/',
    disableMetrics: true,
    disableAutoStart: true,
    skipInstanceCountWarning: true,
    repository: new InMemoryRepository([feature], [betaSegment]),
  });
  unleash.on(UnleashEvents.Error, (error) => {
    throw error;
  });
  await unleash.start();
  return {
    name: 'Unleash (offline)',
    sameBuckets: true,
    note: 'same rules and buckets; context values are strings',
    contexts: people.map(toUnleashContext),
    evaluate: (ctx) => unleash.isEnabled(FLAG_KEY, ctx),
    close: () => unleash.destroy(),
  };
}
