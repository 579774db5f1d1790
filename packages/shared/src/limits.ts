/** Size and rate limits shared by the API (enforcement) and the web app (form hints). */
export const LIMITS = {
  /** Largest JSON request body the API accepts. */
  jsonBodyBytes: 256 * 1024,
  usernameMax: 32,
  displayNameMax: 100,
  passwordMin: 8,
  passwordMax: 256,
  teamNameMax: 100,
  reportTitleMax: 200,
  searchQueryMax: 100,
  /**
   * Failed logins allowed for one username from one client address within the window; then that
   * pair waits (429), 15 s after its last failure and twice as long after each further one.
   */
  loginFailuresPerUser: 5,
  /** Failed logins allowed per client address within the window, whatever the usernames, before 429. */
  loginFailuresPerIp: 30,
  /**
   * Failed logins of one username from all addresses within the window after which every attempt
   * for it is slowed (never refused: the real user can always sign in from their own address).
   */
  loginFailuresBeforeSlowing: 20,
  /** Failed password re-entries (signing an approval) per session within the window before 429. */
  stepUpFailuresPerSession: 5,
  loginWindowMs: 5 * 60 * 1000,
  /**
   * State-changing HTTP requests (POST, PUT, PATCH, DELETE) per signed-in user: a bucket of this
   * many, refilled at the rate below; an empty bucket answers 429 with Retry-After.
   */
  httpWriteBurst: 120,
  httpWritesPerSecond: 20,
  /**
   * Heavy reads per signed-in user (a report's content, checks, export, diff, version content, a
   * chain verification): the web app's checks panel takes one every few seconds per open report;
   * a script exporting in a loop gets 429 with Retry-After.
   */
  httpHeavyReadBurst: 60,
  httpHeavyReadsPerSecond: 2,
  /** Largest single Socket.IO sync or awareness payload; one byte more closes the socket. */
  collabMessageBytes: 2 * 1024 * 1024,
  /** Per-socket message rate: a bucket of this many messages, refilled at the rate below. */
  collabBurstMessages: 400,
  collabMessagesPerSecond: 200,
  /**
   * Yjs clients whose items one update may carry: an editor's update carries its own, a re-sync
   * after a long time offline a few more (one per page load). More closes the socket.
   */
  collabClientsPerUpdate: 64,
  /**
   * Reports one socket may have joined at once (the web app joins one per open report page), and
   * how often it may join: a bucket of this many joins, refilled at the rate below.
   */
  collabRoomsPerSocket: 20,
  collabJoinBurst: 30,
  collabJoinsPerSecond: 2,
  /**
   * The largest document the server keeps: characters of text and bytes of Yjs state (each
   * configurable: DOC_MAX_CHARS, DOC_MAX_BYTES). A long real report has tens of thousands of
   * characters; an update that would go past either is refused (`denied` `too_large`).
   */
  documentChars: 2_000_000,
  documentBytes: 16 * 1024 * 1024,
  /** Message of a transition (request changes) and reason of a checks override. */
  transitionMessageMax: 2_000,
  versionLabelMax: 100,
  /** Versions kept per report (each holds the full document). */
  versionsPerReport: 500,
  /** Comment threads: body of one comment, quoted text, how many per report and per thread. */
  commentBodyMax: 5_000,
  commentQuoteMax: 1_000,
  threadsPerReport: 500,
  commentsPerThread: 200,
  /** Base64 of one encoded Y.RelativePosition. */
  anchorMax: 1_024,
  /** Notifications returned by one GET /notifications. */
  notificationsPageMax: 100,
  /** Audit events returned by one GET /audit page (the default and the most `limit` may ask for). */
  auditPageMax: 1_000,
  /** Largest file POST /reports/import accepts (.txt, .md, .docx); larger ones get 400. */
  importFileBytes: 2 * 1024 * 1024,
  /**
   * What the parts of an imported .docx may add up to unpacked: counted while inflating, whatever
   * the file's directory declares, so a zip bomb is refused once that much came out.
   */
  importUnpackedBytes: 32 * 1024 * 1024,
  /** Imports one user, and one API node, may run at once; beyond, 429 rate_limited. */
  importsAtOncePerUser: 1,
  importsAtOncePerNode: 2,
} as const;
