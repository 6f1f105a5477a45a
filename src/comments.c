/*-------------------------------------------------------------------------
 *
 * comments.c
 *	  Terms from free-text comments: the type comment_terms, the aggregates
 *	  comment_terms(comment, r [, config]) and comment_terms(t), and
 *	  pain_points / praise_points / term_counts.
 *
 * Tokens, stemming and stopwords are PostgreSQL's own: the configuration's
 * parser and, per token type, its dictionaries, consulted as to_tsvector
 * consults them (a filter dictionary passes its output on; the first
 * dictionary that recognizes the token decides; a stopword takes a
 * position).  A phrase is two lexemes at adjacent positions, as the <->
 * operator of tsquery reads them.  Multi-word (thesaurus) dictionaries are
 * consulted one token at a time.  With the default parser a comment is
 * read as its whitespace-separated chunks, each parsed and looked up once
 * per query and then taken from a cache (see chunkable()): words repeat
 * from comment to comment, and the parser and the stemmer are most of what
 * to_tsvector costs.  The counting itself is src/core/terms.c.
 *
 *-------------------------------------------------------------------------
 */
#include "csat.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_collation.h"
#include "common/hashfn.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "nodes/execnodes.h"
#include "nodes/value.h"
#include "tsearch/ts_cache.h"
#include "tsearch/ts_public.h"
#include "tsearch/ts_type.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/formatting.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "terms.h"

PG_FUNCTION_INFO_V1(comment_terms_in);
PG_FUNCTION_INFO_V1(comment_terms_out);
PG_FUNCTION_INFO_V1(comment_terms_recv);
PG_FUNCTION_INFO_V1(comment_terms_send);
PG_FUNCTION_INFO_V1(comment_terms_trans);
PG_FUNCTION_INFO_V1(comment_terms_cfg_trans);
PG_FUNCTION_INFO_V1(comment_terms_merge_trans);
PG_FUNCTION_INFO_V1(comment_terms_combine);
PG_FUNCTION_INFO_V1(comment_terms_serialize);
PG_FUNCTION_INFO_V1(comment_terms_deserialize);
PG_FUNCTION_INFO_V1(comment_terms_final);
PG_FUNCTION_INFO_V1(comment_terms_pain_points);
PG_FUNCTION_INFO_V1(comment_terms_praise_points);
PG_FUNCTION_INFO_V1(comment_terms_term_counts);

/* ---- memory and errors ---- */

static void *
terms_palloc(void *arg, size_t size)
{
	return MemoryContextAllocHuge((MemoryContext) arg, size);
}

static void
terms_pfree(void *arg, void *ptr)
{
	pfree(ptr);
}

static void
terms_check_text(void *arg, const char *s, size_t len)
{
	/* raises 22021 for a byte sequence invalid in the server encoding */
	(void) pg_verifymbstr(s, (int) len, false);
}

/* a new, empty state whose memory lives in cxt */
static CsatTerms *
terms_new(MemoryContext cxt)
{
	CsatTermsAlloc a = {terms_palloc, terms_pfree, terms_check_text, cxt};

	return csat_terms_create(&a);
}

pg_noreturn static void
terms_raise(const CsatError *err)
{
	if (err->kind == CSAT_TERMS_ERR_LIMIT)
		ereport(ERROR,
				errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg_internal("%s", err->msg),
				errhint("%s", err->hint));
	csat_raise(err);
}

/* a comment_terms datum read into a new state (memory in cxt) */
static CsatTerms *
terms_from_datum(Datum d, MemoryContext cxt)
{
	bytea	   *v = DatumGetByteaPP(d);
	CsatTerms  *t = terms_new(cxt);
	CsatError	err;

	if (!csat_terms_read(t, (const unsigned char *) VARDATA_ANY(v),
						 VARSIZE_ANY_EXHDR(v), &err))
		terms_raise(&err);
	return t;
}

static bytea *
terms_to_bytea(CsatTerms *t)
{
	size_t		n = csat_terms_binary_size(t);
	bytea	   *v;

	if (n > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("comment_terms value of %zu bytes is too large", n),
				errhint("Aggregate fewer comments per state."));
	v = palloc(VARHDRSZ + n);
	SET_VARSIZE(v, VARHDRSZ + n);
	csat_terms_write(t, (unsigned char *) VARDATA(v));
	return v;
}

/* ---- I/O ---- */

Datum
comment_terms_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	CsatTerms  *t = terms_new(CurrentMemoryContext);
	CsatError	err;

	if (!csat_terms_parse(t, str, &err))
		terms_raise(&err);
	PG_RETURN_BYTEA_P(terms_to_bytea(t));
}

Datum
comment_terms_out(PG_FUNCTION_ARGS)
{
	CsatTerms  *t = terms_from_datum(PG_GETARG_DATUM(0), CurrentMemoryContext);
	char	   *buf = palloc(csat_terms_text_size(t));

	csat_terms_format(t, buf);
	PG_RETURN_CSTRING(buf);
}

Datum
comment_terms_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	CsatTerms  *t = terms_new(CurrentMemoryContext);
	CsatError	err;
	int			len = msg->len - msg->cursor;

	if (!csat_terms_read(t, (const unsigned char *) msg->data + msg->cursor,
						 len, &err))
		terms_raise(&err);
	msg->cursor = msg->len;
	PG_RETURN_BYTEA_P(terms_to_bytea(t));
}

/* the stored bytes are the binary form, already validated */
Datum
comment_terms_send(PG_FUNCTION_ARGS)
{
	bytea	   *v = PG_GETARG_BYTEA_PP(0);
	bytea	   *out = palloc(VARHDRSZ + VARSIZE_ANY_EXHDR(v));

	SET_VARSIZE(out, VARHDRSZ + VARSIZE_ANY_EXHDR(v));
	memcpy(VARDATA(out), VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
	PG_RETURN_BYTEA_P(out);
}

/* ---- the aggregates ---- */

/*
 * One token of a comment that takes a position: the surface form it was
 * written in, and the lexemes the dictionaries gave it (none for a
 * stopword).  A lexeme with addpos takes the next position.
 */
typedef struct WordLexeme
{
	const char *lex;
	uint32		llex;
	bool		addpos;
} WordLexeme;

typedef struct Word
{
	const char *form;
	uint32		lform;
	int			nlex;
	WordLexeme *lex;
} Word;

typedef struct Words
{
	Word	   *w;
	int			n;
	int			cap;
} Words;

/*
 * The words of a run of whitespace-separated text (a "chunk"), as the
 * default parser and the configuration's dictionaries read it; see
 * chunkable().  Keyed by the chunk's bytes, the configuration and whether
 * whitespace came before it.
 */
typedef struct ChunkKey
{
	const char *text;
	int			len;
	Oid			cfg;
	bool		lead;			/* parsed after whitespace */
} ChunkKey;

typedef struct ChunkEntry
{
	ChunkKey	key;
	uint32		hash;
	char		status;
	int			nwords;
	Word	   *words;
} ChunkEntry;

static uint32 chunk_hash(const ChunkKey *k);

#define SH_PREFIX chunkmap
#define SH_ELEMENT_TYPE ChunkEntry
#define SH_KEY_TYPE ChunkKey
#define SH_KEY key
#define SH_HASH_KEY(tb, k) chunk_hash(&(k))
#define SH_EQUAL(tb, a, b) ((a).len == (b).len && (a).cfg == (b).cfg && \
							(a).lead == (b).lead && \
							memcmp((a).text, (b).text, (a).len) == 0)
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) ((a)->hash)
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

#define CHUNK_CACHE_MAX		65536	/* chunks kept; then the cache starts over */
#define CHUNK_CACHE_BYTES	(16 * 1024 * 1024)
#define CHUNK_MAX_LEN		256 /* longer chunks are parsed, never kept */

typedef struct ChunkCache
{
	MemoryContext cxt;			/* the table, the chunks and their words */
	chunkmap_hash *map;
	Size		bytes;
} ChunkCache;

/* per call site: a context reset after every comment, the default config */
typedef struct TermsCallCache
{
	MemoryContext rowcxt;
	Oid			english;
	Oid			checked;		/* a configuration known to exist */
	ChunkCache	chunks;
} TermsCallCache;

static TermsCallCache *
call_cache(FunctionCallInfo fcinfo)
{
	TermsCallCache *c = fcinfo->flinfo->fn_extra;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(*c));
		c->rowcxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt,
										  "comment_terms row",
										  ALLOCSET_DEFAULT_SIZES);
		fcinfo->flinfo->fn_extra = c;
	}
	return c;
}

static MemoryContext
agg_context(FunctionCallInfo fcinfo)
{
	MemoryContext cxt;

	if (!AggCheckCallContext(fcinfo, &cxt))
		csat_raise_not_in_aggregate(fcinfo);
	return cxt;
}

/*
 * Unhappy (0) or happy (1) as the metrics judge r, or -1 for an NPS
 * passive: detractors 0-6 against promoters 9-10 on 0..10, not satisfied
 * against satisfied (top-two-box, as csat_pct(r)) on other scales.
 */
static int
rating_group(uint16 r)
{
	uint8		scale = CSAT_RATING_SCALE(r);
	int			v = CSAT_RATING_VALUE(r);

	if (scale == CSAT_SCALE(0, 10))
		return v <= 6 ? 0 : (v >= 9 ? 1 : -1);
	return v >= csat_topbox_from(scale) ? 1 : 0;
}

/* one lexeme seen at a position, with the surface form it came from */
typedef struct PosLexeme
{
	const char *lex;
	size_t		llex;
	const char *form;
	size_t		lform;
} PosLexeme;

typedef struct Positions
{
	char	   *buf;			/* a phrase's surface form */
	size_t		buflen;
	PosLexeme  *prev;			/* at position cur_pos - 1 */
	int			nprev;
	PosLexeme  *cur;			/* at position cur_pos */
	int			ncur;
	int			cap;
	int			cur_pos;
} Positions;

static void
add_or_raise(CsatTerms *t, const char *a, size_t la, const char *b,
			 size_t lb, const char *form, size_t lform)
{
	CsatError	err;

	if (!csat_terms_add(t, a, la, b, lb, form, lform, &err))
		terms_raise(&err);
}

/* a lexeme at position pos: the lexeme, and a phrase with each at pos - 1 */
static void
emit_lexeme(CsatTerms *t, Positions *ps, int pos, const char *lex,
			size_t llex, const char *form, size_t lform)
{
	int			i;

	if (llex == 0 || llex > CSAT_TERMS_MAX_STRLEN)
		return;
	if (pos != ps->cur_pos)
	{
		PosLexeme  *swap = ps->prev;

		if (pos == ps->cur_pos + 1)
		{
			ps->prev = ps->cur;
			ps->nprev = ps->ncur;
			ps->cur = swap;
		}
		else
			ps->nprev = 0;
		ps->ncur = 0;
		ps->cur_pos = pos;
	}
	if (ps->ncur == ps->cap)
	{
		ps->cap *= 2;
		ps->cur = repalloc(ps->cur, ps->cap * sizeof(PosLexeme));
		ps->prev = repalloc(ps->prev, ps->cap * sizeof(PosLexeme));
	}
	ps->cur[ps->ncur].lex = lex;
	ps->cur[ps->ncur].llex = llex;
	ps->cur[ps->ncur].form = form;
	ps->cur[ps->ncur].lform = lform;
	ps->ncur++;

	add_or_raise(t, lex, llex, NULL, 0, form, lform);
	for (i = 0; i < ps->nprev; i++)
	{
		const PosLexeme *p = &ps->prev[i];
		char	   *pform;

		if (ps->buflen < p->lform + 1 + lform)
		{
			ps->buflen = Max(2 * ps->buflen, p->lform + 1 + lform);
			ps->buf = repalloc(ps->buf, ps->buflen);
		}
		pform = ps->buf;
		memcpy(pform, p->form, p->lform);
		pform[p->lform] = ' ';
		memcpy(pform + p->lform + 1, form, lform);
		add_or_raise(t, p->lex, p->llex, lex, llex, pform, p->lform + 1 + lform);
	}
}

/* the dictionaries' answer for one token, as to_tsvector gets it */
static TSLexeme *
lexize_token(const ListDictionary *map, char *token, int len)
{
	int			i;

	for (i = 0; i < map->len; i++)
	{
		TSDictionaryCacheEntry *dict = lookup_ts_dictionary_cache(map->dictIds[i]);
		DictSubState ds = {false, false, NULL};
		TSLexeme   *res;

		res = (TSLexeme *) DatumGetPointer(FunctionCall4(&dict->lexize,
														 PointerGetDatum(dict->dictData),
														 PointerGetDatum(token),
														 Int32GetDatum(len),
														 PointerGetDatum(&ds)));
		if (res == NULL)
			continue;			/* not this dictionary's word */
		if (res->lexeme != NULL && (res->flags & TSL_FILTER))
		{
			token = res->lexeme;
			len = strlen(res->lexeme);
			continue;
		}
		return res;				/* lexemes, or none for a stopword */
	}
	return NULL;
}

/*
 * The surface form: the token in lower case, as lower() gives it (ASCII
 * directly, anything else through the database's collation).
 */
static char *
lower_token(const char *token, int len)
{
	char	   *out = palloc(len + 1);
	int			i;

	for (i = 0; i < len; i++)
	{
		unsigned char ch = (unsigned char) token[i];

		if (ch >= 0x80)
		{
			pfree(out);
			return str_tolower(token, len, DEFAULT_COLLATION_OID);
		}
		out[i] = (ch >= 'A' && ch <= 'Z') ? ch + ('a' - 'A') : ch;
	}
	out[len] = '\0';
	return out;
}

/* appends the words of str (len bytes) as cfg's parser and dictionaries read it */
static void
parse_words(TSConfigCacheEntry *cfg, TSParserCacheEntry *prs,
			char *str, int len, Words *out)
{
	void	   *prsdata;
	char	   *token = NULL;
	int			type,
				tlen;

	prsdata = DatumGetPointer(FunctionCall2(&prs->prsstart,
											PointerGetDatum(str),
											Int32GetDatum(len)));
	while ((type = DatumGetInt32(FunctionCall3(&prs->prstoken,
											   PointerGetDatum(prsdata),
											   PointerGetDatum(&token),
											   PointerGetDatum(&tlen)))) > 0)
	{
		TSLexeme   *res;
		Word	   *w;
		int			i;

		/* to_tsvector skips these (with a NOTICE), taking no position */
		if (tlen >= MAXSTRLEN || type >= cfg->lenmap || cfg->map[type].len == 0)
			continue;
		res = lexize_token(&cfg->map[type], token, tlen);
		if (res == NULL)
			continue;
		if (out->n == out->cap)
		{
			out->cap = out->cap == 0 ? 32 : out->cap * 2;
			out->w = out->w == NULL ? palloc(out->cap * sizeof(Word)) :
				repalloc(out->w, out->cap * sizeof(Word));
		}
		w = &out->w[out->n++];
		w->form = lower_token(token, tlen);
		w->lform = strlen(w->form);
		for (w->nlex = 0; res[w->nlex].lexeme != NULL; w->nlex++)
			;
		w->lex = palloc(Max(w->nlex, 1) * sizeof(WordLexeme));
		for (i = 0; i < w->nlex; i++)
		{
			w->lex[i].lex = res[i].lexeme;
			w->lex[i].llex = strlen(res[i].lexeme);
			w->lex[i].addpos = (res[i].flags & TSL_ADDPOS) != 0;
		}
	}
	FunctionCall1(&prs->prsend, PointerGetDatum(prsdata));
}

/* counts words into t: each takes a position, each lexeme is a term */
static void
replay_words(CsatTerms *t, Positions *ps, int *pos, const Word *w, int n)
{
	int			i,
				j;

	for (i = 0; i < n; i++)
	{
		(*pos)++;
		for (j = 0; j < w[i].nlex; j++)
		{
			if (w[i].lex[j].addpos)
				(*pos)++;
			emit_lexeme(t, ps, *pos, w[i].lex[j].lex, w[i].lex[j].llex,
						w[i].form, w[i].lform);
		}
	}
}

/* ---- the chunk cache ---- */

static uint32
chunk_hash(const ChunkKey *k)
{
	return (uint32) hash_bytes_extended((const unsigned char *) k->text, k->len,
										((uint64) k->cfg << 1) | k->lead);
}

static void
chunk_cache_reset(ChunkCache *cc, MemoryContext parent)
{
	if (cc->cxt == NULL)
		cc->cxt = AllocSetContextCreate(parent, "comment_terms chunks",
										ALLOCSET_DEFAULT_SIZES);
	else
		MemoryContextReset(cc->cxt);
	cc->map = chunkmap_create(cc->cxt, 1024, NULL);
	cc->bytes = 0;
}

/* a copy of the chunk's text and words, strings included, in one allocation */
static void
chunk_store(ChunkCache *cc, ChunkEntry *e, const Words *words)
{
	Size		size = MAXALIGN(words->n * sizeof(Word)) + e->key.len;
	Word	   *w;
	WordLexeme *lx;
	char	   *str;
	int			i,
				j,
				nlex = 0;

	for (i = 0; i < words->n; i++)
	{
		nlex += words->w[i].nlex;
		size += words->w[i].lform;
		for (j = 0; j < words->w[i].nlex; j++)
			size += words->w[i].lex[j].llex;
	}
	size += MAXALIGN(nlex * sizeof(WordLexeme));
	w = MemoryContextAlloc(cc->cxt, size);
	lx = (WordLexeme *) ((char *) w + MAXALIGN(words->n * sizeof(Word)));
	str = (char *) lx + MAXALIGN(nlex * sizeof(WordLexeme));
	memcpy(str, e->key.text, e->key.len);
	e->key.text = str;
	str += e->key.len;
	for (i = 0; i < words->n; i++)
	{
		w[i].nlex = words->w[i].nlex;
		w[i].lform = words->w[i].lform;
		memcpy(str, words->w[i].form, w[i].lform);
		w[i].form = str;
		str += w[i].lform;
		w[i].lex = lx;
		for (j = 0; j < w[i].nlex; j++)
		{
			lx->llex = words->w[i].lex[j].llex;
			lx->addpos = words->w[i].lex[j].addpos;
			memcpy(str, words->w[i].lex[j].lex, lx->llex);
			lx->lex = str;
			str += lx->llex;
			lx++;
		}
	}
	e->words = w;
	e->nwords = words->n;
	cc->bytes += size;
}

/*
 * The words of one chunk: from the cache, or parsed (after one space when
 * lead) and kept.  Parsing happens in the caller's per-comment context;
 * the cache may pass its limits by one comment's chunks.
 */
static void
chunk_words(ChunkCache *cc, TSConfigCacheEntry *cfg,
			TSParserCacheEntry *prs, const char *text, int len, bool lead,
			const Word **words, int *nwords)
{
	ChunkKey	key = {text, len, cfg->cfgId, lead};
	ChunkEntry *e;
	char	   *buf;
	Words		parsed = {NULL, 0, 0};
	bool		found;

	e = len > CHUNK_MAX_LEN ? NULL : chunkmap_lookup(cc->map, key);
	if (e != NULL)
	{
		*words = e->words;
		*nwords = e->nwords;
		return;
	}
	buf = palloc(len + 1);
	buf[0] = ' ';
	memcpy(buf + 1, text, len);
	parse_words(cfg, prs, lead ? buf : buf + 1, lead ? len + 1 : len, &parsed);
	*words = parsed.w;
	*nwords = parsed.n;
	if (len > CHUNK_MAX_LEN)
		return;
	e = chunkmap_insert(cc->map, key, &found);
	chunk_store(cc, e, &parsed);
	*words = e->words;
}

/*
 * Whether a comment may be read chunk by chunk.  With the default parser,
 * no token but a tag spans whitespace, and the parser reaches the end of a
 * chunk as it reaches its end of text: every state treats an ASCII space,
 * tab or line break as it treats the end (src/backend/tsearch/wparser_def.c).
 * After whitespace it is inside a blank token, which goes on over
 * characters that would start a token at the beginning of a text ('.', '~'
 * of "./file", "~/file"): hence a chunk after whitespace is parsed after one
 * space.  So with no '<' in the comment, and with blank tokens not indexed
 * by the configuration (their extent differs), the words of the comment are
 * the words of its chunks in order, which repeat from comment to comment
 * and are cached per query.  test/checks/comments_oracle.sh holds this to
 * to_tsvector on punctuation-heavy text.
 */
#define DEFAULT_PARSER_BLANK 12 /* the default parser's blank token type */

static bool
chunkable(TSConfigCacheEntry *cfg, TSParserCacheEntry *prs, const char *str,
		  int len)
{
	if (prs->prsstart.fn_oid != F_PRSD_START)
		return false;
	if (cfg->lenmap > DEFAULT_PARSER_BLANK &&
		cfg->map[DEFAULT_PARSER_BLANK].len > 0)
		return false;
	return memchr(str, '<', len) == NULL;
}

static inline bool
chunk_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* count one comment into t */
static void
add_comment(CsatTerms *t, Oid cfgId, text *comment, int group,
			TermsCallCache *cache, MemoryContext fncxt)
{
	TSConfigCacheEntry *cfg;
	TSParserCacheEntry *prs;
	char	   *str = VARDATA_ANY(comment);
	int			len = VARSIZE_ANY_EXHDR(comment);
	int			pos = 0;
	Positions	ps;
	CsatError	err;

	if (cfgId != cache->checked &&
		!SearchSysCacheExists1(TSCONFIGOID, ObjectIdGetDatum(cfgId)))
		ereport(ERROR,
				errcode(ERRCODE_UNDEFINED_OBJECT),
				errmsg("text search configuration %u does not exist", cfgId),
				errhint("Pass a configuration such as 'english' or 'simple' (see \\dF)."));
	cache->checked = cfgId;
	cfg = lookup_ts_config_cache(cfgId);
	prs = lookup_ts_parser_cache(cfg->prsId);

	ps.cap = 16;
	ps.buflen = 256;
	ps.buf = palloc(ps.buflen);
	ps.prev = palloc(ps.cap * sizeof(PosLexeme));
	ps.cur = palloc(ps.cap * sizeof(PosLexeme));
	ps.nprev = ps.ncur = 0;
	ps.cur_pos = -1;

	csat_terms_begin(t, group);
	if (chunkable(cfg, prs, str, len))
	{
		int			i = 0;
		bool		lead = false;

		/*
		 * Full, the cache starts over, between comments only: the previous
		 * word's strings, which a phrase needs, live in the cache.
		 */
		if (cache->chunks.cxt == NULL ||
			cache->chunks.map->members >= CHUNK_CACHE_MAX ||
			cache->chunks.bytes >= CHUNK_CACHE_BYTES)
			chunk_cache_reset(&cache->chunks, fncxt);
		while (i < len)
		{
			const Word *words;
			int			nwords,
						k;

			if (chunk_space(str[i]))
			{
				lead = true;
				i++;
				continue;
			}
			for (k = i; k < len && !chunk_space(str[k]); k++)
				;
			chunk_words(&cache->chunks, cfg, prs, str + i, k - i,
						lead, &words, &nwords);
			replay_words(t, &ps, &pos, words, nwords);
			lead = true;
			i = k;
		}
	}
	else
	{
		Words		words = {NULL, 0, 0};

		parse_words(cfg, prs, str, len, &words);
		replay_words(t, &ps, &pos, words.w, words.n);
	}
	if (!csat_terms_end(t, &err))
		terms_raise(&err);
}

/*
 * comment_terms_trans(state, comment, r [, config]): NULL comments and
 * ratings, and NPS passives, are skipped.  Without config, 'english'.
 */
Datum
comment_terms_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = agg_context(fcinfo);
	TermsCallCache *cache = call_cache(fcinfo);
	CsatTerms  *t;
	Oid			cfgId;
	int			group;
	MemoryContext old;

	if (PG_ARGISNULL(0))
		t = terms_new(aggcxt);
	else
		t = (CsatTerms *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) ||
		(PG_NARGS() > 3 && PG_ARGISNULL(3)))
		PG_RETURN_POINTER(t);
	group = rating_group(PG_GETARG_RATING(2));
	if (group < 0)
		PG_RETURN_POINTER(t);
	if (PG_NARGS() > 3)
		cfgId = PG_GETARG_OID(3);
	else
	{
		if (!OidIsValid(cache->english))
			cache->english = get_ts_config_oid(list_make1(makeString(pstrdup("english"))),
											   false);
		cfgId = cache->english;
	}

	old = MemoryContextSwitchTo(cache->rowcxt);
	add_comment(t, cfgId, PG_GETARG_TEXT_PP(1), group, cache,
				fcinfo->flinfo->fn_mcxt);
	MemoryContextSwitchTo(old);
	MemoryContextReset(cache->rowcxt);
	PG_RETURN_POINTER(t);
}

/* comment_terms(comment, r, config): the same, with the configuration given */
Datum
comment_terms_cfg_trans(PG_FUNCTION_ARGS)
{
	return comment_terms_trans(fcinfo);
}

/* comment_terms(t comment_terms): merges stored states */
Datum
comment_terms_merge_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = agg_context(fcinfo);
	TermsCallCache *cache = call_cache(fcinfo);
	CsatTerms  *t,
			   *src;
	CsatError	err;

	if (PG_ARGISNULL(0))
		t = terms_new(aggcxt);
	else
		t = (CsatTerms *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(t);
	src = terms_from_datum(PG_GETARG_DATUM(1), cache->rowcxt);
	if (!csat_terms_merge(t, src, &err))
		terms_raise(&err);
	MemoryContextReset(cache->rowcxt);
	PG_RETURN_POINTER(t);
}

Datum
comment_terms_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = agg_context(fcinfo);
	CsatTerms  *t;
	CsatError	err;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	if (PG_ARGISNULL(0))
		t = terms_new(aggcxt);
	else
		t = (CsatTerms *) PG_GETARG_POINTER(0);
	if (!csat_terms_merge(t, (CsatTerms *) PG_GETARG_POINTER(1), &err))
		terms_raise(&err);
	PG_RETURN_POINTER(t);
}

Datum
comment_terms_serialize(PG_FUNCTION_ARGS)
{
	(void) agg_context(fcinfo);
	PG_RETURN_BYTEA_P(terms_to_bytea((CsatTerms *) PG_GETARG_POINTER(0)));
}

Datum
comment_terms_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = agg_context(fcinfo);

	PG_RETURN_POINTER(terms_from_datum(PG_GETARG_DATUM(0), aggcxt));
}

Datum
comment_terms_final(PG_FUNCTION_ARGS)
{
	(void) agg_context(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(terms_to_bytea((CsatTerms *) PG_GETARG_POINTER(0)));
}

/* ---- pain_points, praise_points, term_counts ---- */

typedef struct RankedTerm
{
	uint32		index;			/* in the canonical order */
	double		z;
} RankedTerm;

static int
ranked_cmp(const void *px, const void *py)
{
	const RankedTerm *x = px;
	const RankedTerm *y = py;

	if (x->z != y->z)
		return x->z > y->z ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

typedef struct PointsCtx
{
	CsatTerms  *t;
	RankedTerm *ranked;
	int64		n[2];
	int			group;
} PointsCtx;

static Datum
pct_or_null(int64 count, int64 total, bool *isnull)
{
	*isnull = total == 0;
	return *isnull ? (Datum) 0 : csat_int8_div_numeric(count, total, 100);
}

/*
 * The first call of a set-returning function over a comment_terms: the
 * result row type and the state, read in the multi-call context (the
 * caller is switched to it on return and switches back).
 */
static CsatTerms *
terms_srf_first_call(FunctionCallInfo fcinfo, FuncCallContext **fctx,
					 MemoryContext *old)
{
	TupleDesc	tupdesc;

	*fctx = SRF_FIRSTCALL_INIT();
	*old = MemoryContextSwitchTo((*fctx)->multi_call_memory_ctx);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	(*fctx)->tuple_desc = BlessTupleDesc(tupdesc);
	return terms_from_datum(PG_GETARG_DATUM(0), (*fctx)->multi_call_memory_ctx);
}

/*
 * pain_points(t, max_terms, min_count, alpha0) (group 0) and
 * praise_points (group 1): the terms over-represented in the group, by the
 * z-score of the log-odds ratio with the informative Dirichlet prior.
 */
static Datum
points(FunctionCallInfo fcinfo, int group)
{
	FuncCallContext *fctx;
	PointsCtx  *pc;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		int32		max_terms = PG_GETARG_INT32(1);
		int32		min_count = PG_GETARG_INT32(2);
		double		alpha0 = PG_GETARG_FLOAT8(3);
		CsatTerms  *t;
		size_t		i,
					n,
					kept = 0;

		if (max_terms < 0)
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("max_terms must not be negative: %d", max_terms));
		if (min_count < 0)
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("min_count must not be negative: %d", min_count));
		if (!(alpha0 > 0) || isinf(alpha0))
			ereport(ERROR,
					errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("alpha0 must be a positive finite number: %g", alpha0),
					errhint("alpha0 is the prior's weight in comments; the default is 10."));
		t = terms_srf_first_call(fcinfo, &fctx, &old);
		pc = palloc0(sizeof(*pc));
		pc->t = t;
		pc->group = group;
		pc->n[0] = csat_terms_comments(pc->t, 0);
		pc->n[1] = csat_terms_comments(pc->t, 1);
		n = csat_terms_count(pc->t);
		pc->ranked = palloc((n + 1) * sizeof(RankedTerm));
		for (i = 0; i < n; i++)
		{
			CsatTermView v;
			int64		y[2];
			double		z;

			csat_terms_get(pc->t, i, &v);
			y[0] = v.unhappy;
			y[1] = v.happy;
			if (y[group] < min_count)
				continue;
			z = csat_terms_z(y[group], pc->n[group], y[1 - group],
							 pc->n[1 - group], alpha0);
			if (!(z > 0))
				continue;		/* not over-represented, or undefined */
			pc->ranked[kept].index = (uint32) i;
			pc->ranked[kept].z = z;
			kept++;
		}
		qsort(pc->ranked, kept, sizeof(RankedTerm), ranked_cmp);
		fctx->max_calls = Min(kept, (size_t) max_terms);
		fctx->user_fctx = pc;
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	pc = fctx->user_fctx;
	if (fctx->call_cntr < fctx->max_calls)
	{
		const RankedTerm *rt = &pc->ranked[fctx->call_cntr];
		CsatTermView v;
		Datum		values[6];
		bool		nulls[6] = {false};

		csat_terms_get(pc->t, rt->index, &v);
		values[0] = PointerGetDatum(cstring_to_text_with_len(v.form, v.lform));
		values[1] = Int64GetDatum(v.unhappy);
		values[2] = Int64GetDatum(v.happy);
		values[3] = pct_or_null(v.unhappy, pc->n[0], &nulls[3]);
		values[4] = pct_or_null(v.happy, pc->n[1], &nulls[4]);
		values[5] = Float8GetDatum(rt->z);
		SRF_RETURN_NEXT(fctx, HeapTupleGetDatum(heap_form_tuple(fctx->tuple_desc,
																values, nulls)));
	}
	SRF_RETURN_DONE(fctx);
}

Datum
comment_terms_pain_points(PG_FUNCTION_ARGS)
{
	return points(fcinfo, 0);
}

Datum
comment_terms_praise_points(PG_FUNCTION_ARGS)
{
	return points(fcinfo, 1);
}

/*
 * term_counts(t): every term, as ts_stat lists lexemes: its lexeme(s)
 * ("slow respons" for a phrase), the surface form shown, the counts.
 */
Datum
comment_terms_term_counts(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;
	CsatTerms  *t;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;

		t = terms_srf_first_call(fcinfo, &fctx, &old);
		fctx->max_calls = csat_terms_count(t);
		fctx->user_fctx = t;
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	t = fctx->user_fctx;
	if (fctx->call_cntr < fctx->max_calls)
	{
		CsatTermView v;
		Datum		values[5];
		bool		nulls[5] = {false};
		StringInfoData lex;

		csat_terms_get(t, fctx->call_cntr, &v);
		initStringInfo(&lex);
		appendBinaryStringInfo(&lex, v.a, v.la);
		if (v.b != NULL)
		{
			appendStringInfoChar(&lex, ' ');
			appendBinaryStringInfo(&lex, v.b, v.lb);
		}
		values[0] = PointerGetDatum(cstring_to_text_with_len(lex.data, lex.len));
		values[1] = BoolGetDatum(v.b != NULL);
		values[2] = PointerGetDatum(cstring_to_text_with_len(v.form, v.lform));
		values[3] = Int64GetDatum(v.unhappy);
		values[4] = Int64GetDatum(v.happy);
		SRF_RETURN_NEXT(fctx, HeapTupleGetDatum(heap_form_tuple(fctx->tuple_desc,
																values, nulls)));
	}
	SRF_RETURN_DONE(fctx);
}
