import type { RunSummary } from './run-summary.js';

export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed';
export type ConnectionStatus = 'ok' | 'needs_attention';

export interface Connection {
  id: string;
  name: string;
  baseUrl: string;
  region: string | null;
  app: string | null;
  tokenFingerprint: string;
  freshnessHours: number;
  status: ConnectionStatus;
  statusReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** When an admin deleted it: it collects no more and has no token; its runs and Artifacts stay. Null while it is live. */
  deletedAt: string | null;
  /** Who deleted it (a user name, or an API key and its maker). */
  deletedBy: string | null;
}

export interface NewConnection {
  name: string;
  baseUrl: string;
  region?: string | null;
  app?: string | null;
  token: string;
  freshnessHours?: number;
}

export interface RunRecord {
  id: string;
  connectionId: string;
  workflowId: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  /** Once finished. */
  summary: RunSummary | null;
}

/** How a run ended. */
export interface RunEnd {
  status: Exclude<RunStatus, 'running'>;
  finishedAt: string;
  summary: RunSummary;
}

export interface StoredPage<Row = unknown> {
  runId: string;
  source: string;
  pageIndex: number;
  rows: Row[];
  /** Where the source continues after this page (null after the last one): lets a retried activity resume. */
  next: unknown;
  fetchedAt: string;
}

export interface SourceProgress {
  pages: number;
  rows: number;
  firstFetchedAt: string | null;
  lastFetchedAt: string | null;
  /** The `next` of the highest stored page, or undefined when no page is stored. */
  resumeFrom: unknown;
}

/** What a run has fetched so far from one source: its stored pages and their rows. */
export interface SourcePageCount {
  source: string;
  pages: number;
  rows: number;
}

export interface StoredArtifact {
  id: string;
  connectionId: string;
  runId: string;
  type: string;
  collectedAt: string;
  sha256: string;
  contentSha256: string;
  recordCount: number;
  published: boolean;
  /** The Artifact without its records, as canonical JSON text; the records are read with `artifactRecords`. */
  envelope: string;
}

/** One Artifact record as stored: canonical JSON, placed by its sort key, equal keys ordered by `tie`. */
export interface StoredRecord {
  sortKey: string;
  tie: string;
  body: string;
}

/** Iru tenants to collect from: their settings, encrypted API tokens and health. */
export interface ConnectionStore {
  /**
   * Saves a new connection, or replaces the address and token of the live one of that name (rotation). A deleted
   * connection's name stays taken: saving under it throws DeletedConnectionError, nothing written.
   */
  saveConnection(connection: NewConnection): Promise<Connection>;
  /** The connection of that id or name, deleted or not. */
  getConnection(idOrName: string): Promise<Connection | undefined>;
  /** Every connection by name, deleted ones too (their evidence still names them): callers that collect skip `deletedAt`. */
  listConnections(): Promise<Connection[]>;
  /** The decrypted token; throws DeletedConnectionError for a deleted connection (its token is gone). */
  readToken(connectionId: string): Promise<string>;
  setConnectionStatus(connectionId: string, status: ConnectionStatus, reason: string | null): Promise<void>;
  /**
   * Marks the connection deleted at `at` by `by` and destroys its token ciphertext, in one statement. Its runs, pages and
   * Artifacts stay. Deleting a deleted connection changes nothing; undefined when there is no such connection.
   */
  deleteConnection(connectionId: string, deletion: { at: string; by: string }): Promise<Connection | undefined>;
}

/** Collection runs and the raw pages they fetch, which let a retried activity resume and feed the run's builds. */
export interface RunStore {
  startRun(run: { id: string; connectionId: string; workflowId: string; startedAt: string }): Promise<RunRecord>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  listRuns(connectionId: string, limit?: number): Promise<RunRecord[]>;
  /** Runs, newest first. */
  findRuns(filter?: RunFilter): Promise<RunRecord[]>;

  /** Idempotent per (run, source, page): a retried page replaces itself. */
  putPage(page: StoredPage): Promise<void>;
  /** Drops pages at or after `fromPageIndex` (a resumed source re-reads them). */
  truncatePages(runId: string, source: string, fromPageIndex: number): Promise<void>;
  pages<Row = unknown>(runId: string, source: string): AsyncIterable<StoredPage<Row>>;
  sourceProgress(runId: string, source: string): Promise<SourceProgress>;
  /** Stored pages and rows of every source the run has fetched from, by source name: a running collection's live counts. */
  pageCounts(runId: string): Promise<SourcePageCount[]>;
  /**
   * Deletes the raw pages of the connection's runs that finished before `finishedBefore`, except `keepRunId`'s, and
   * returns how many. Their Artifacts and run records stay: raw pages only feed the builds of their own run.
   */
  pruneRawPages(connectionId: string, finishedBefore: string, keepRunId: string): Promise<number>;
}

/** Artifact versions, their records, and publishing a run's versions with its outcome. */
export interface ArtifactStore {
  /**
   * Adds a batch of an Artifact's records while it is built, before the Artifact itself is put. Records come back
   * in (sortKey, tie) code-point order whatever order the batches came in; equal records are all kept.
   */
  putArtifactRecords(artifactId: string, records: StoredRecord[]): Promise<void>;
  /** Drops the records of an Artifact that was not put (an interrupted build), so a retried build starts clean. */
  deleteArtifactRecords(artifactId: string): Promise<void>;
  /** An Artifact's records in (sortKey, tie) order, as canonical JSON text, read a batch at a time. */
  artifactRecords(artifactId: string): AsyncIterable<string>;
  /** Adds an artifact version (unpublished) whose records were put before; the same id twice is a no-op. */
  putArtifact(artifact: Omit<StoredArtifact, 'published'>): Promise<void>;
  /**
   * Atomically makes the run's artifacts current (stamping when), records its outcome, and appends `events` to the
   * outbox (an event id already there is skipped, so a retried publish adds nothing). Older versions stay.
   */
  publishRun(runId: string, outcome: RunEnd, events?: NewEvent[]): Promise<void>;
  currentArtifacts(connectionId: string): Promise<StoredArtifact[]>;
  getArtifact(id: string): Promise<StoredArtifact | undefined>;
  runArtifacts(runId: string): Promise<StoredArtifact[]>;
  /** Published Artifact versions with their envelopes (never the records), newest first within a connection and type. */
  listArtifactVersions(filter?: ArtifactVersionFilter): Promise<ArtifactVersion[]>;
}

/** Who may use the auditor web app: users, their sessions and API keys. */
export interface AccountStore {
  createWebUser(user: NewWebUser): Promise<WebUser>;
  /**
   * With the password hash, for signing in; usernames are stored lower case. Undefined for a disabled user: they cannot
   * sign in. A user whose access has expired is returned (with `expiresAt`), so that sign-in can say so once the password is right.
   */
  findWebUserCredentials(username: string): Promise<WebUserCredentials | undefined>;
  /** The user of that name, disabled or not. */
  findWebUser(username: string): Promise<WebUser | undefined>;
  listWebUsers(): Promise<WebUser[]>;
  /**
   * Disables the user at `at` and deletes their sessions, in one transaction; their sessions and the API keys they
   * created stop working at once. Refused ('last-admin', nothing written) when the user is the last enabled admin.
   */
  disableWebUser(id: string, at: string): Promise<AccountChange>;
  enableWebUser(id: string): Promise<AccountChange>;
  /** Deletes the user and their sessions; the API keys they created stop working. Refused like disableWebUser for the last enabled admin. */
  deleteWebUser(id: string): Promise<AccountChange>;
  /** Replaces the password hash. */
  setWebUserPassword(id: string, passwordHash: string): Promise<AccountChange>;
  /** Ends every session of the user; how many there were. */
  deleteWebSessionsOf(userId: string): Promise<number>;
  /** Sets (or, with null, removes) the moment the user's access ends: sign-in, their sessions and their API keys stop then. */
  setWebUserAccessExpiry(id: string, expiresAt: string | null): Promise<AccountChange>;

  createWebSession(session: WebSession): Promise<void>;
  /** The session and its user, when the session exists, has not expired at `now` and its user is neither disabled nor past their access expiry. */
  getWebSession(idHash: string, now: string): Promise<{ session: WebSession; user: WebUser } | undefined>;
  deleteWebSession(idHash: string): Promise<void>;
  deleteExpiredWebSessions(now: string): Promise<void>;

  createApiKey(key: NewApiKey): Promise<ApiKeyRecord>;
  getApiKey(id: string): Promise<ApiKeyRecord | undefined>;
  /** Undefined also when the web user who created the key (createdByUserId) is disabled, deleted, or past their access expiry at `now`. */
  findApiKeyByHash(keyHash: string, now: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /**
   * In one transaction, marks the key `id` replaced by `replacement` and living until `previousExpiresAt`, and issues
   * `replacement`, only if `id` is still active (not revoked, not already rotated): one conditional update decides, so
   * of two rotations racing from any number of processes exactly one issues a replacement. Undefined, with nothing
   * written, when `id` is missing or no longer active.
   */
  rotateApiKey(id: string, replacement: NewApiKey, previousExpiresAt: string): Promise<ApiKeyRecord | undefined>;
  revokeApiKey(id: string, at: string): Promise<void>;
  touchApiKey(id: string, at: string): Promise<void>;
}

/** Invitation links: one-time links from which an invitee makes their own account, with the role and access expiry the admin chose. */
export interface InvitationStore {
  createInvitation(invitation: NewInvitation): Promise<Invitation>;
  getInvitation(id: string): Promise<Invitation | undefined>;
  findInvitationByTokenHash(tokenHash: string): Promise<Invitation | undefined>;
  /** Invitations neither used nor revoked whose link is still valid at `now`, newest first. */
  listPendingInvitations(now: string): Promise<Invitation[]>;
  /** Revokes a pending invitation at `at`; false (nothing written) when it is missing, used or already revoked. */
  revokeInvitation(id: string, at: string): Promise<boolean>;
  /**
   * In one transaction: marks the invitation of `tokenHash` used and creates the user with its role and access expiry,
   * only while it is pending at `now` (unused, unrevoked, link unexpired, its creator if recorded still enabled). One
   * conditional update decides, so of two accepts racing from any number of processes exactly one creates an account.
   * 'unavailable' or 'username-taken' write nothing (the invitation stays as it was).
   */
  acceptInvitation(tokenHash: string, user: { username: string; passwordHash: string }, now: string): Promise<InvitationAcceptance>;
}

export type InvitationAcceptance = { user: WebUser; invitation: Invitation } | 'unavailable' | 'username-taken';

/** A sign-in throttle key's failures: how many since its count last restarted, and when the latest was. */
export interface SignInFailures {
  key: string;
  failures: number;
  lastFailureAt: string;
}

/**
 * Failed sign-ins counted per key (the web app's keys: a user name at an address, an address), shared by every process
 * on the database, and the password-hash upgrade done on a successful sign-in.
 */
export interface SignInAttemptStore {
  /**
   * Counts one failure `at` for each key, atomically: a key whose last failure was before `forgetBefore` starts again
   * at 1. Returns each key's count after this failure.
   */
  recordSignInFailure(keys: string[], at: string, forgetBefore: string): Promise<SignInFailures[]>;
  /** The keys' counts whose last failure was at or after `forgetBefore` (others are absent). */
  signInFailures(keys: string[], forgetBefore: string): Promise<SignInFailures[]>;
  clearSignInFailures(key: string): Promise<void>;
  /** Drops counts whose last failure was before `forgetBefore`; returns how many. */
  pruneSignInFailures(forgetBefore: string): Promise<number>;
  /** Replaces a user's password hash only while it is still `previousHash` (a password changed meanwhile wins). */
  upgradeWebUserPasswordHash(userId: string, previousHash: string, passwordHash: string): Promise<boolean>;
}

/**
 * Exceptions an admin granted to a device (for one check or all of them): builds read those in force at their collection
 * time. Never deleted, only revoked with a time, so the set in force at a moment in the past never changes.
 */
export interface ExceptionStore {
  createException(exception: NewDeviceException): Promise<DeviceException>;
  getException(id: string): Promise<DeviceException | undefined>;
  /** Every exception (of one connection, when given), newest first. */
  listExceptions(filter?: { connectionId?: string }): Promise<DeviceException[]>;
  /** Revokes an exception not yet revoked; false (nothing written) when it is missing or already revoked. */
  revokeException(id: string, at: string, by: string): Promise<boolean>;
}

/** Something that happened (a run finished, an Artifact was published, a connection needs attention), for webhooks. */
export interface NewEvent {
  /** Stable for the same happening, so recording it twice (a retried activity) records it once. */
  id: string;
  type: string;
  createdAt: string;
  data: unknown;
}

export interface StoredEvent extends NewEvent {
  /** Order of recording: events are fanned out to webhooks in this order. */
  seq: number;
}

export interface NewWebhook {
  id: string;
  url: string;
  events: string[];
  /** Stored encrypted, like connection tokens; only the dispatcher reads it back. */
  secret: string;
  createdBy: string;
  createdAt: string;
}

/** A webhook as listed: never its secret. */
export type Webhook = Omit<NewWebhook, 'secret'>;

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  /** When it is tried next while pending; null once delivered or given up. */
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A delivery claimed for sending, with what it takes to send it. */
export interface DueDelivery {
  delivery: WebhookDelivery;
  url: string;
  secret: string;
  event: StoredEvent;
}

export interface DeliveryAttempt {
  at: string;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  /** When to try again; null when this was the last attempt (or it succeeded). */
  nextAttemptAt: string | null;
}

/** The outbox of events and the webhooks they go to: registrations, deliveries and every attempt's outcome. */
export interface WebhookStore {
  /** Appends events to the outbox; an id already there is skipped. */
  appendEvents(events: NewEvent[]): Promise<void>;
  /** Registers a webhook; it receives events recorded from now on. */
  createWebhook(webhook: NewWebhook): Promise<Webhook>;
  listWebhooks(): Promise<Webhook[]>;
  getWebhook(id: string): Promise<Webhook | undefined>;
  /** Deletes the webhook and its deliveries; false when there was none. */
  deleteWebhook(id: string): Promise<boolean>;
  /** Turns events each webhook has not seen yet (of the types it wants) into pending deliveries due at `now`; how many. */
  enqueueDeliveries(now: string): Promise<number>;
  /**
   * Claims up to `limit` pending deliveries due at `now` by moving their next attempt to `leaseUntil`: a claimed one is
   * not claimed again (by any process) before then, and is retried then if its sender died.
   */
  claimDueDeliveries(now: string, leaseUntil: string, limit: number): Promise<DueDelivery[]>;
  recordDeliveryAttempt(deliveryId: string, attempt: DeliveryAttempt): Promise<void>;
  /** A webhook's deliveries, newest first; `before` continues after the delivery of that id. */
  listDeliveries(webhookId: string, options: { limit: number; before?: string }): Promise<WebhookDelivery[]>;
}

/** Everything that lives outside workflow history, on one database. */
export interface EvidenceStore
  extends ConnectionStore, RunStore, ArtifactStore, AccountStore, InvitationStore, SignInAttemptStore, ExceptionStore, WebhookStore {
  close(): Promise<void>;
}

// ---- Auditor web app types ----

export interface ArtifactVersionFilter {
  ids?: string[];
  connectionId?: string;
  types?: string[];
  /** Only the current version of each connection and type. */
  currentOnly?: boolean;
  /** Versions published at or after. */
  publishedSince?: string;
  /** Publication order (publishedSeq, then id, ascending) instead of by type, connection and newest first. */
  inPublicationOrder?: boolean;
  /** In publication order: only versions after this one. */
  after?: { publishedSeq: number; id: string };
  /** Versions valid at some moment of [validFrom, validTo]: collected at or before validTo, expiring at or after validFrom. */
  validFrom?: string;
  validTo?: string;
  limit?: number;
}

export interface ArtifactVersion {
  id: string;
  connectionId: string;
  runId: string;
  type: string;
  collectedAt: string;
  expiresAt: string;
  sha256: string;
  contentSha256: string;
  recordCount: number;
  publishedSeq: number;
  /** When its run was published (null for versions published before this was recorded). */
  publishedAt: string | null;
  current: boolean;
  /** The Artifact document without `records`, as JSON text. */
  envelope: string;
}

export interface RunFilter {
  connectionId?: string;
  /** Runs started at or after. */
  startedFrom?: string;
  /** Runs started at or before. */
  startedTo?: string;
  /** Runs started or finished at or after. */
  updatedSince?: string;
  /** Only runs after this one in the list's order (started_at, then id, descending). */
  before?: { startedAt: string; id: string };
  limit?: number;
}

export type WebRole = 'admin' | 'auditor';

export interface WebUser {
  id: string;
  username: string;
  role: WebRole;
  createdAt: string;
  /** Set while the user is disabled: no sign-in, no session, none of the API keys they created. */
  disabledAt: string | null;
  /** When set, the moment the user's access ends: from then on no sign-in, no session, none of the API keys they created. */
  expiresAt: string | null;
}

/** What a change to a web user did: done, no such user, or refused because it would leave no enabled admin. */
export type AccountChange = 'done' | 'not-found' | 'last-admin';

export interface NewWebUser {
  username: string;
  passwordHash: string;
  role: WebRole;
  expiresAt?: string | null;
}

export interface NewDeviceException {
  id: string;
  connectionId: string;
  /** The Iru device id the exception is for. */
  deviceId: string;
  /** The Artifact type (check) it applies to, or null for every check of the device. */
  check: string | null;
  justification: string;
  /** The admin who granted it (their user name, or the CLI's operator). */
  approver: string;
  createdAt: string;
  /** The last day it applies, YYYY-MM-DD, inclusive: it stops at the next midnight UTC. */
  expiresOn: string;
}

export interface DeviceException extends NewDeviceException {
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface NewInvitation {
  id: string;
  /** SHA-256 of the link's token; the token itself is shown once and never stored. */
  tokenHash: string;
  role: WebRole;
  /** When the access of the account made from it ends. */
  accessExpiresAt: string;
  /** When the link itself stops working (never after accessExpiresAt). */
  expiresAt: string;
  /** Who the invitation is for, as the admin wrote it. */
  note: string | null;
  createdBy: string;
  /** The web user on whose authority it was made; the link stops working when they are disabled or deleted. Null from the CLI. */
  createdByUserId: string | null;
  createdAt: string;
}

export interface Invitation extends Omit<NewInvitation, 'tokenHash'> {
  usedAt: string | null;
  /** The account made from it (its id stays recorded if that account is deleted later). */
  usedByUserId: string | null;
  revokedAt: string | null;
}

export interface WebUserCredentials extends WebUser {
  passwordHash: string;
}

export interface WebSession {
  /** SHA-256 of the session id; the id itself lives only in the browser's cookie. */
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export type ApiKeyScope = 'read' | 'admin';

export interface NewApiKey {
  id: string;
  name: string;
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  keyHash: string;
  scope: ApiKeyScope;
  createdBy: string;
  /** The web user on whose authority the key was made (signed in, or through an API key they made); null when unknown (keys made before schema 4 on SQLite / 3 on PostgreSQL). */
  createdByUserId?: string | null;
  createdAt: string;
}

export interface ApiKeyRecord {
  id: string;
  name: string;
  scope: ApiKeyScope;
  createdBy: string;
  createdByUserId: string | null;
  createdAt: string;
  /** Set when the key was rotated: it keeps working until then. */
  expiresAt: string | null;
  /** Set when the key was invalidated: it stopped working then. */
  revokedAt: string | null;
  /** The key that replaced this one on rotation. */
  replacedBy: string | null;
  lastUsedAt: string | null;
}
