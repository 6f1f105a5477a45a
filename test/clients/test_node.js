#!/usr/bin/env node
// csat through a real client: node-postgres (`pg`) and pg-copy-streams.
//
// The connection comes from the PG* environment variables.  The database
// must have the csat extension installed.  Works in its own schema, which it
// drops at the end.
//
// Checks: ratings and summaries read as text, numeric results as strings
// that are the exact decimals, parameterised inserts (integer and text) into
// a satisfaction_rating(1,5) column, binary COPY out and back in, and the
// low-score NOTIFY sent by csat_notify_low_rating().  Prints one line per
// check; exits 1 if any fails.
'use strict';

const { Readable } = require('stream');
const { pipeline } = require('stream/promises');
const pg = require('pg');
const { to: copyTo, from: copyFrom } = require('pg-copy-streams');

const SCHEMA = 'csat_node_client';
const CHANNEL = 'csat_node_low';

const failures = [];

async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(`PASS ${name}` + (detail ? ` (${detail})` : ''));
  } catch (e) {
    failures.push(name);
    console.log(`FAIL ${name}: ${e.code ? e.code + ' ' : ''}${e.message}`);
  }
}

function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// s is a decimal string equal to num/den rounded to its own last digit:
// with s = N / 10^k, |N*den - num*10^k| * 2 <= den.
function correctlyRounded(s, num, den = 1n) {
  expect(typeof s === 'string', `${s} is a ${typeof s}, not a string`);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  expect(m, `${JSON.stringify(s)} is not a decimal number`);
  const frac = m[3] || '';
  let n = BigInt(m[2] + frac);
  if (m[1]) n = -n;
  const scale = 10n ** BigInt(frac.length);
  let diff = n * den - num * scale;
  if (diff < 0n) diff = -diff;
  expect(diff * 2n <= den,
    `${s} is not ${num}/${den} rounded to ${frac.length} places`);
}

async function expectError(client, sql, params, sqlstate) {
  try {
    await client.query(sql, params);
  } catch (e) {
    expect(e.code === sqlstate, `expected SQLSTATE ${sqlstate}, got ${e.code}: ${e.message}`);
    return e;
  }
  throw new Error(`expected SQLSTATE ${sqlstate}, but ${sql} with ${JSON.stringify(params)} succeeded`);
}

// The ratings below, with their exact metrics:
//   csat 5,4,2,1,5,3 (+1 NULL): top-two-box 3/6 = 50%, >= 5: 2/6, mean 20/6,
//                               answered 6 of 7 = 600/7 %
//   nps 10,9,3,7,10,6 (+1 NULL): promoters 3, detractors 2: 100/6
const TICKETS = [
  [1, 'ann', '5/5', '10/0-10'],
  [2, 'ann', '4/5', '9/0-10'],
  [3, 'bob', '2/5', '3/0-10'],
  [4, 'bob', null, '7/0-10'],
  [5, 'cid', '1/5', null],
  [6, 'cid', '5/5', '10/0-10'],
  [7, 'cid', '3/5', '6/0-10'],
];

async function setup(client) {
  await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await client.query(`CREATE SCHEMA ${SCHEMA}`);
  await client.query(`SET search_path = ${SCHEMA}, public`);
  await client.query(`
    CREATE TABLE tickets (
      id      integer PRIMARY KEY,
      agent   text NOT NULL,
      csat    satisfaction_rating(1,5),
      nps     satisfaction_rating(0,10))`);
  for (const t of TICKETS) {
    await client.query('INSERT INTO tickets VALUES ($1, $2, $3, $4)', t);
  }
  await client.query(`
    CREATE TABLE agent_summaries (
      agent   text PRIMARY KEY,
      csat    rating_summary,
      nps     rating_summary)`);
  await client.query(`
    INSERT INTO agent_summaries
    SELECT agent, rating_summary(csat), rating_summary(nps)
    FROM tickets GROUP BY agent`);
  await client.query('CREATE TABLE tickets_copy (LIKE tickets)');
  await client.query('CREATE TABLE agent_summaries_copy (LIKE agent_summaries)');
  await client.query('CREATE TABLE entered (id integer, csat satisfaction_rating(1,5))');
}

async function copyOut(client, what) {
  const chunks = [];
  for await (const chunk of client.query(copyTo(`COPY ${what} TO STDOUT (FORMAT binary)`))) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function copyIn(client, table, data) {
  await pipeline(Readable.from([data]),
    client.query(copyFrom(`COPY ${table} FROM STDIN (FORMAT binary)`)));
}

// Split a binary COPY stream into rows of raw field bytes (null for NULL).
function binaryRows(data) {
  const sig = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
  expect(data.subarray(0, sig.length).equals(sig), 'no binary COPY signature');
  let pos = sig.length + 4;
  pos += 4 + data.readInt32BE(pos);
  const rows = [];
  for (;;) {
    const n = data.readInt16BE(pos);
    pos += 2;
    if (n === -1) break;
    const row = [];
    for (let i = 0; i < n; i++) {
      const len = data.readInt32BE(pos);
      pos += 4;
      if (len === -1) {
        row.push(null);
      } else {
        row.push(data.subarray(pos, pos + len));
        pos += len;
      }
    }
    rows.push(row);
  }
  expect(pos === data.length, 'trailing bytes after the COPY trailer');
  return rows;
}

async function main() {
  const client = new pg.Client();
  await client.connect();
  const ver = (await client.query('SHOW server_version_num')).rows[0].server_version_num;
  console.log(`node ${process.version}, pg ${require('pg/package.json').version}, ` +
    `pg-copy-streams ${require('pg-copy-streams/package.json').version}, server ${ver}`);
  await setup(client);

  await check('ratings read as text', async () => {
    const r = await client.query('SELECT csat, nps FROM tickets ORDER BY id');
    const got = r.rows.map((x) => [x.csat, x.nps]);
    const want = TICKETS.map((t) => [t[2], t[3]]);
    expect(same(got, want), `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    const c = await client.query(
      "SELECT '9/0..10'::satisfaction_rating AS a, ' 3 / 7 '::satisfaction_rating AS b");
    expect(c.rows[0].a === '9/0-10' && c.rows[0].b === '3/7',
      `canonical forms: got ${JSON.stringify(c.rows[0])}`);
    return `${want.length} rows, canonical output`;
  });

  await check('summaries read as text and sent back as parameters', async () => {
    const r = await client.query(
      'SELECT rating_summary(csat) AS c, rating_summary(nps) AS n FROM tickets');
    const { c, n } = r.rows[0];
    expect(c === '{v1 scale 1-5 counts 1,1,1,1,2 unanswered 1}', `csat summary ${c}`);
    expect(n === '{v1 scale 0-10 counts 0,0,0,1,0,0,1,1,0,1,2 unanswered 1}', `nps summary ${n}`);
    const b = await client.query(
      'SELECT csat_pct($1::rating_summary) AS pct, nps($2::rating_summary) AS nps, ' +
      '$1::rating_summary::text AS again', [c, n]);
    correctlyRounded(b.rows[0].pct, 50n);
    correctlyRounded(b.rows[0].nps, 100n, 6n);
    expect(b.rows[0].again === c, `round trip gave ${b.rows[0].again}`);
    return c;
  });

  await check('numeric results are strings with the exact decimals', async () => {
    const r = await client.query(`
      SELECT csat_pct(csat) AS pct, csat_pct(csat, 5) AS pct5, ces_avg(csat) AS ces,
             nps(nps) AS nps, response_rate(rating_summary(csat)) AS rate,
             answered(rating_summary(csat)) AS answered
      FROM tickets`);
    const x = r.rows[0];
    correctlyRounded(x.pct, 50n);
    correctlyRounded(x.pct5, 100n, 3n);
    correctlyRounded(x.ces, 20n, 6n);
    correctlyRounded(x.nps, 100n, 6n);
    correctlyRounded(x.rate, 600n, 7n);
    expect(x.answered === '6', `answered (bigint) ${JSON.stringify(x.answered)}`);
    const g = await client.query(
      'SELECT agent, csat_pct(csat) AS pct FROM tickets GROUP BY agent ORDER BY agent');
    const want = [['ann', 100n, 1n], ['bob', 0n, 1n], ['cid', 100n, 3n]];
    expect(same(g.rows.map((y) => y.agent), want.map((w) => w[0])),
      `groups ${JSON.stringify(g.rows)}`);
    g.rows.forEach((y, i) => correctlyRounded(y.pct, want[i][1], want[i][2]));
    const e = await client.query('SELECT csat_pct(csat) AS pct FROM tickets WHERE false');
    expect(e.rows[0].pct === null, 'no ratings should give NULL (null)');
    return `csat ${x.pct}, nps ${x.nps}`;
  });

  await check('insert an integer parameter into satisfaction_rating(1,5)', async () => {
    // node-postgres sends every parameter as text of unknown type: say it is
    // an integer, and the assignment cast takes the scale from the column
    await client.query('INSERT INTO entered VALUES ($1, $2::integer)', [1, 4]);
    await client.query('INSERT INTO entered VALUES ($1, $2::integer)', [2, null]);
    const r = await client.query('SELECT csat FROM entered WHERE id IN (1, 2) ORDER BY id');
    const got = r.rows.map((x) => x.csat);
    expect(same(got, ['4/5', null]), `read back ${JSON.stringify(got)}`);
    const e = await expectError(client, 'INSERT INTO entered VALUES ($1, $2::integer)', [3, 7], '22003');
    // untyped (0.4.0), the bare number takes the column's scale too
    await client.query('INSERT INTO entered VALUES ($1, $2)', [3, 4]);
    const b = await client.query('SELECT csat FROM entered WHERE id = 3');
    expect(b.rows[0].csat === '4/5', `untyped 4 read back ${JSON.stringify(b.rows[0].csat)}`);
    await client.query('DELETE FROM entered WHERE id = 3');
    const u = await expectError(client, 'INSERT INTO entered VALUES ($1, $2)', [3, 7], '22003');
    expect(/7/.test(u.message), `message ${JSON.stringify(u.message)} does not name 7`);
    return `4 -> 4/5; 7 -> 22003 "${e.message}"; untyped 4 -> 4/5, untyped 7 -> 22003`;
  });

  await check('insert a text parameter into satisfaction_rating(1,5)', async () => {
    await client.query('INSERT INTO entered VALUES ($1, $2)', [4, '4/5']);
    await client.query('INSERT INTO entered VALUES ($1, $2)', [5, ' 2 / 1-5 ']);
    const r = await client.query('SELECT csat FROM entered WHERE id IN (4, 5) ORDER BY id');
    const got = r.rows.map((x) => x.csat);
    expect(same(got, ['4/5', '2/5']), `read back ${JSON.stringify(got)}`);
    const e = await expectError(client, 'INSERT INTO entered VALUES ($1, $2)', [6, '4/7'], '42804');
    await expectError(client, 'INSERT INTO entered VALUES ($1, $2)', [6, 'four'], '22P02');
    return `'4/5' -> 4/5; '4/7' -> 42804 "${e.message}"`;
  });

  await check('binary COPY out: ratings are 2 bytes, value then scale', async () => {
    const rows = binaryRows(await copyOut(client, '(SELECT id, csat, nps FROM tickets ORDER BY id)'));
    expect(rows.length === TICKETS.length, `${rows.length} rows`);
    rows.forEach((row, i) => {
      const t = TICKETS[i];
      for (const [raw, text, lo, hi] of [[row[1], t[2], 1, 5], [row[2], t[3], 0, 10]]) {
        if (text === null) {
          expect(raw === null, `NULL came out as ${raw && raw.toString('hex')}`);
          continue;
        }
        const want = Buffer.from([Number(text.split('/')[0]), (lo << 4) | hi]);
        expect(raw.equals(want), `${text} came out as ${raw.toString('hex')}, want ${want.toString('hex')}`);
      }
    });
    return `${rows.length} rows; 4/5 = 0415`;
  });

  await check('binary COPY out and back in gives identical data', async () => {
    const out = await copyOut(client, 'tickets');
    await copyIn(client, 'tickets_copy', out);
    const sums = await copyOut(client, 'agent_summaries');
    await copyIn(client, 'agent_summaries_copy', sums);
    const r = await client.query(`
      SELECT (SELECT count(*) FROM tickets)::int AS n,
             (SELECT count(*) FROM (TABLE tickets EXCEPT ALL TABLE tickets_copy) d)::int AS missing,
             (SELECT count(*) FROM (TABLE tickets_copy EXCEPT ALL TABLE tickets) d)::int AS extra,
             (SELECT count(*) FROM agent_summaries a JOIN agent_summaries_copy b USING (agent)
              WHERE a.csat::text = b.csat::text AND a.nps::text = b.nps::text)::int AS same`);
    const x = r.rows[0];
    expect(x.n === TICKETS.length && x.missing === 0 && x.extra === 0,
      `${x.n} rows, ${x.missing} missing, ${x.extra} extra after the round trip`);
    expect(x.same === 3, `${x.same} of 3 summaries identical`);
    expect((await copyOut(client, 'tickets_copy')).equals(out), 'second COPY out differs byte for byte');
    expect((await copyOut(client, 'agent_summaries_copy')).equals(sums),
      'summaries COPY differs byte for byte');
    const m = await client.query('SELECT csat_pct(csat) AS pct, nps(nps) AS nps FROM tickets_copy');
    correctlyRounded(m.rows[0].pct, 50n);
    correctlyRounded(m.rows[0].nps, 100n, 6n);
    return `${out.length} + ${sums.length} bytes`;
  });

  await check("binary COPY in validates the column's scale", async () => {
    const npsOnly = await copyOut(client, '(SELECT id, nps FROM tickets WHERE nps IS NOT NULL)');
    try {
      await copyIn(client, 'entered', npsOnly);
    } catch (e) {
      expect(e.code === '42804', `SQLSTATE ${e.code}: ${e.message}`);
      return `42804 "${e.message}"`;
    }
    throw new Error('0..10 ratings were accepted into satisfaction_rating(1,5)');
  });

  await check('LISTEN receives the low-score notification as JSON', async () => {
    await client.query(`
      CREATE TRIGGER tickets_low_csat
        AFTER INSERT OR UPDATE OF csat ON tickets
        FOR EACH ROW
        EXECUTE FUNCTION csat_notify_low_rating('csat', '${CHANNEL}', '2', 'id')`);

    const listener = new pg.Client();
    await listener.connect();
    const got = [];
    try {
      listener.on('notification', (m) => got.push(m));
      await listener.query(`LISTEN ${CHANNEL}`);

      const ins = 'INSERT INTO tickets VALUES ($1, $2, $3, $4)';
      await client.query(ins, [20, 'dee', '4/5', null]);
      await client.query('INSERT INTO tickets VALUES ($1, $2, $3::integer, $4)', [21, 'dee', 2, null]);
      await client.query(ins, [22, 'dee', null, null]);
      await client.query('BEGIN');
      await client.query(ins, [23, 'dee', '1/5', null]);
      await client.query('ROLLBACK'); // never notifies
      await client.query('BEGIN');
      await client.query('UPDATE tickets SET csat = csat WHERE id = 21'); // fires, unchanged
      await client.query("UPDATE tickets SET csat = '1/5' WHERE id = 20");
      await client.query("UPDATE tickets SET csat = '5/5' WHERE id = 22");
      await client.query('COMMIT');

      const deadline = Date.now() + 5000;
      while (got.length < 2 && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 50));
      }
      // anything more (there should be nothing) arrives within a moment
      await new Promise((res) => setTimeout(res, 500));
    } finally {
      await listener.end();
    }

    expect(got.length === 2, `${got.length} notifications: ${JSON.stringify(got.map((m) => m.payload))}`);
    expect(got.every((m) => m.channel === CHANNEL), 'wrong channel');
    const payloads = got.map((m) => JSON.parse(m.payload));
    const want = [
      { table: `${SCHEMA}.tickets`, op: 'INSERT', column: 'csat', key: '21',
        rating: '2/5', value: 2, scale_lo: 1, scale_hi: 5 },
      { table: `${SCHEMA}.tickets`, op: 'UPDATE', column: 'csat', key: '20',
        rating: '1/5', value: 1, scale_lo: 1, scale_hi: 5 },
    ];
    expect(same(payloads, want), `payloads ${JSON.stringify(payloads)}`);
    return got[0].payload;
  });

  await client.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
  await client.end();

  if (failures.length) {
    console.log(`node-postgres: ${failures.length} check(s) failed: ${failures.join(', ')}`);
    return 1;
  }
  console.log('node-postgres: all checks passed');
  return 0;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  console.error(`node-postgres: ${e.stack || e}`);
  process.exitCode = 1;
});
