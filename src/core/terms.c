/*-------------------------------------------------------------------------
 *
 * terms.c
 *	  PostgreSQL-free comment_terms state: the term table, its merge, its
 *	  binary and text forms, and the log-odds z-score.  See terms.h.
 *
 *-------------------------------------------------------------------------
 */
#include "terms.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct TermForm
{
	struct TermForm *next;
	int64_t		count;
	uint64_t	seen;			/* comment that last counted this form */
	uint32_t	hash;			/* of the text and the term's index */
	uint32_t	entry;			/* the term's index */
	uint32_t	len;
	char		text[];
} TermForm;

typedef struct TermEntry
{
	char	   *key;			/* a then b, not terminated */
	TermForm   *forms;
	int64_t		n[2];			/* unhappy, happy comments */
	uint64_t	seen;			/* comment that last counted this term */
	uint32_t	hash;
	uint16_t	la;
	uint16_t	lb;
	uint8_t		parts;
	uint32_t	nforms;
} TermEntry;

typedef struct ArenaBlock
{
	struct ArenaBlock *next;
	size_t		used;
	size_t		size;
	char		data[];
} ArenaBlock;

struct CsatTerms
{
	CsatTermsAlloc alloc;
	TermEntry  *entries;
	size_t		nentries;
	size_t		capentries;
	uint32_t   *slots;			/* entry index + 1, 0 empty */
	size_t		nslots;			/* power of two */
	size_t		nforms;			/* (term, form) pairs */
	TermForm  **formv;			/* every form, by index */
	size_t		capforms;
	uint32_t   *fslots;			/* form index + 1, 0 empty */
	size_t		nfslots;		/* power of two */
	uint32_t   *order;			/* canonical order, when sorted */
	bool		sorted;
	ArenaBlock *arena;
	int64_t		comments[2];
	uint64_t	doc;			/* current comment's number, from 1 */
	int			group;
	bool		doc_has_terms;
};

#define TERMS_HINT "A comment_terms value reads like {v1 unhappy 2 happy 1 [\"slow\" 2 0 \"slow\":2]}."

/* ---- memory ---- */

static void *
arena_alloc(CsatTerms *t, size_t size)
{
	ArenaBlock *b = t->arena;
	void	   *p;

	size = (size + 7) & ~(size_t) 7;
	if (b == NULL || b->size - b->used < size)
	{
		size_t		bsize = b == NULL ? 4096 : b->size * 2;

		if (bsize > 262144)
			bsize = 262144;
		if (bsize < size)
			bsize = size;
		b = t->alloc.alloc(t->alloc.arg, offsetof(ArenaBlock, data) + bsize);
		b->next = t->arena;
		b->used = 0;
		b->size = bsize;
		t->arena = b;
	}
	p = b->data + b->used;
	b->used += size;
	return p;
}

CsatTerms *
csat_terms_create(const CsatTermsAlloc *alloc)
{
	CsatTerms  *t = alloc->alloc(alloc->arg, sizeof(CsatTerms));

	memset(t, 0, sizeof(*t));
	t->alloc = *alloc;
	t->nslots = 64;
	t->slots = alloc->alloc(alloc->arg, t->nslots * sizeof(uint32_t));
	memset(t->slots, 0, t->nslots * sizeof(uint32_t));
	t->nfslots = 64;
	t->fslots = alloc->alloc(alloc->arg, t->nfslots * sizeof(uint32_t));
	memset(t->fslots, 0, t->nfslots * sizeof(uint32_t));
	t->capforms = 32;
	t->formv = alloc->alloc(alloc->arg, t->capforms * sizeof(TermForm *));
	t->capentries = 32;
	t->entries = alloc->alloc(alloc->arg, t->capentries * sizeof(TermEntry));
	return t;
}

void
csat_terms_destroy(CsatTerms *t)
{
	ArenaBlock *b = t->arena;

	while (b != NULL)
	{
		ArenaBlock *next = b->next;

		t->alloc.release(t->alloc.arg, b);
		b = next;
	}
	if (t->order)
		t->alloc.release(t->alloc.arg, t->order);
	t->alloc.release(t->alloc.arg, t->slots);
	t->alloc.release(t->alloc.arg, t->fslots);
	t->alloc.release(t->alloc.arg, t->formv);
	t->alloc.release(t->alloc.arg, t->entries);
	t->alloc.release(t->alloc.arg, t);
}

/* ---- the table ---- */

static uint32_t
hash_key(const char *a, size_t la, const char *b, size_t lb)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < la; i++)
		h = (h ^ (unsigned char) a[i]) * 16777619u;
	h = (h ^ 0xFFu) * 16777619u;	/* a byte no UTF-8 text has */
	for (i = 0; i < lb; i++)
		h = (h ^ (unsigned char) b[i]) * 16777619u;
	h ^= h >> 15;
	h *= 0x2c1b3c6dU;
	h ^= h >> 12;
	return h;
}

static bool
entry_matches(const TermEntry *e, uint32_t h, int parts, const char *a,
			  size_t la, const char *b, size_t lb)
{
	return e->hash == h && e->parts == parts && e->la == la && e->lb == lb &&
		memcmp(e->key, a, la) == 0 && (lb == 0 || memcmp(e->key + la, b, lb) == 0);
}

static void
grow_slots(CsatTerms *t)
{
	size_t		n = t->nslots * 2;
	uint32_t   *s = t->alloc.alloc(t->alloc.arg, n * sizeof(uint32_t));
	size_t		i;

	memset(s, 0, n * sizeof(uint32_t));
	for (i = 0; i < t->nentries; i++)
	{
		size_t		j = t->entries[i].hash & (n - 1);

		while (s[j] != 0)
			j = (j + 1) & (n - 1);
		s[j] = (uint32_t) (i + 1);
	}
	t->alloc.release(t->alloc.arg, t->slots);
	t->slots = s;
	t->nslots = n;
}

#define LIMIT_HINT "Aggregate fewer comments per state (GROUP BY a shorter period or a segment) and merge the terms you need."

static bool
limit_error(CsatError *err)
{
	return csat_fail(err, CSAT_TERMS_ERR_LIMIT, LIMIT_HINT,
					 "comment_terms holds at most %d distinct terms per state",
					 CSAT_TERMS_MAX);
}

static bool
forms_limit_error(CsatError *err)
{
	return csat_fail(err, CSAT_TERMS_ERR_LIMIT, LIMIT_HINT,
					 "comment_terms holds at most %d distinct surface forms of terms per state",
					 CSAT_TERMS_MAX_FORMS);
}

/* the entry for the term, created (counts 0) if new; NULL past the cap */
static TermEntry *
lookup(CsatTerms *t, const char *a, size_t la, const char *b, size_t lb,
	   CsatError *err)
{
	int			parts = b == NULL ? 1 : 2;
	uint32_t	h = hash_key(a, la, b, lb);
	size_t		j = h & (t->nslots - 1);
	TermEntry  *e;

	while (t->slots[j] != 0)
	{
		e = &t->entries[t->slots[j] - 1];
		if (entry_matches(e, h, parts, a, la, b, lb))
			return e;
		j = (j + 1) & (t->nslots - 1);
	}
	if (t->nentries >= CSAT_TERMS_MAX)
	{
		limit_error(err);
		return NULL;
	}
	if (t->nentries == t->capentries)
	{
		size_t		n = t->capentries * 2;
		TermEntry  *ne = t->alloc.alloc(t->alloc.arg, n * sizeof(TermEntry));

		memcpy(ne, t->entries, t->nentries * sizeof(TermEntry));
		t->alloc.release(t->alloc.arg, t->entries);
		t->entries = ne;
		t->capentries = n;
	}
	e = &t->entries[t->nentries];
	memset(e, 0, sizeof(*e));
	e->key = arena_alloc(t, la + lb);
	memcpy(e->key, a, la);
	if (lb > 0)
		memcpy(e->key + la, b, lb);
	e->hash = h;
	e->la = (uint16_t) la;
	e->lb = (uint16_t) lb;
	e->parts = (uint8_t) parts;
	t->slots[j] = (uint32_t) (t->nentries + 1);
	t->nentries++;
	t->sorted = false;
	if (t->nentries * 2 > t->nslots)
		grow_slots(t);
	return e;
}

static void
grow_form_slots(CsatTerms *t)
{
	size_t		n = t->nfslots * 2;
	uint32_t   *s = t->alloc.alloc(t->alloc.arg, n * sizeof(uint32_t));
	size_t		i;

	memset(s, 0, n * sizeof(uint32_t));
	for (i = 0; i < t->nforms; i++)
	{
		size_t		j = t->formv[i]->hash & (n - 1);

		while (s[j] != 0)
			j = (j + 1) & (n - 1);
		s[j] = (uint32_t) (i + 1);
	}
	t->alloc.release(t->alloc.arg, t->fslots);
	t->fslots = s;
	t->nfslots = n;
}

/* the term's form; created (count 0) when create; NULL past the cap */
static TermForm *
find_form(CsatTerms *t, TermEntry *e, const char *form, size_t lform,
		  bool create, CsatError *err)
{
	uint32_t	entry = (uint32_t) (e - t->entries);
	uint32_t	h = hash_key(form, lform, NULL, 0) ^ (entry * 0x9E3779B1u);
	size_t		j = h & (t->nfslots - 1);
	TermForm   *f;

	while (t->fslots[j] != 0)
	{
		f = t->formv[t->fslots[j] - 1];
		if (f->hash == h && f->entry == entry && f->len == lform &&
			memcmp(f->text, form, lform) == 0)
			return f;
		j = (j + 1) & (t->nfslots - 1);
	}
	if (!create)
		return NULL;
	if (t->nforms >= CSAT_TERMS_MAX_FORMS)
	{
		forms_limit_error(err);
		return NULL;
	}
	if (t->nforms == t->capforms)
	{
		size_t		n = t->capforms * 2;
		TermForm  **nv = t->alloc.alloc(t->alloc.arg, n * sizeof(TermForm *));

		memcpy(nv, t->formv, t->nforms * sizeof(TermForm *));
		t->alloc.release(t->alloc.arg, t->formv);
		t->formv = nv;
		t->capforms = n;
	}
	f = arena_alloc(t, offsetof(TermForm, text) + lform);
	f->next = e->forms;
	f->count = 0;
	f->seen = 0;
	f->hash = h;
	f->entry = entry;
	f->len = (uint32_t) lform;
	memcpy(f->text, form, lform);
	e->forms = f;
	e->nforms++;
	t->formv[t->nforms] = f;
	t->fslots[j] = (uint32_t) (t->nforms + 1);
	t->nforms++;
	if (t->nforms * 2 > t->nfslots)
		grow_form_slots(t);
	return f;
}

/* ---- feeding comments ---- */

void
csat_terms_begin(CsatTerms *t, int group)
{
	t->doc++;
	t->group = group ? 1 : 0;
	t->doc_has_terms = false;
}

bool
csat_terms_add(CsatTerms *t, const char *a, size_t la, const char *b,
			   size_t lb, const char *form, size_t lform, CsatError *err)
{
	TermEntry  *e;
	TermForm   *f;

	if (la == 0 || la > CSAT_TERMS_MAX_STRLEN || lb > CSAT_TERMS_MAX_STRLEN ||
		(b != NULL && lb == 0) || lform == 0 || lform > CSAT_TERMS_MAX_STRLEN)
		return csat_fail(err, CSAT_ERR_PARAM, NULL,
						 "comment term of %zu+%zu bytes (surface form %zu bytes) is out of range",
						 la, lb, lform);
	e = lookup(t, a, la, b, b == NULL ? 0 : lb, err);
	if (e == NULL)
		return false;
	if (e->seen != t->doc)
	{
		e->seen = t->doc;
		e->n[t->group]++;
	}
	f = find_form(t, e, form, lform, true, err);
	if (f == NULL)
		return false;
	if (f->seen != t->doc)
	{
		f->seen = t->doc;
		f->count++;
	}
	t->doc_has_terms = true;
	return true;
}

bool
csat_terms_end(CsatTerms *t, CsatError *err)
{
	bool		had = t->doc_has_terms;

	t->doc_has_terms = false;
	if (!had)
		return true;
	if (csat_add_overflows(t->comments[t->group], 1))
		return csat_count_overflow_error(err, "comment_terms", "comments");
	t->comments[t->group]++;
	return true;
}

/* ---- merging ---- */

static bool
add_counts(int64_t *dst, int64_t v, CsatError *err)
{
	if (csat_add_overflows(*dst, v))
		return csat_count_overflow_error(err, "comment_terms", "comments");
	*dst += v;
	return true;
}

/* the most frequent form first; ties: the bytewise least */
static int
form_before(const TermForm *x, const TermForm *y)
{
	size_t		n = x->len < y->len ? x->len : y->len;
	int			c;

	if (x->count != y->count)
		return x->count > y->count;
	c = memcmp(x->text, y->text, n);
	if (c != 0)
		return c < 0;
	return x->len < y->len;
}

bool
csat_terms_merge(CsatTerms *dst, const CsatTerms *src, CsatError *err)
{
	size_t		i;

	if (!add_counts(&dst->comments[0], src->comments[0], err) ||
		!add_counts(&dst->comments[1], src->comments[1], err))
		return false;
	for (i = 0; i < src->nentries; i++)
	{
		const TermEntry *s = &src->entries[i];
		TermEntry  *d;
		TermForm   *f;

		d = lookup(dst, s->key, s->la, s->parts == 2 ? s->key + s->la : NULL,
				   s->lb, err);
		if (d == NULL)
			return false;
		if (!add_counts(&d->n[0], s->n[0], err) ||
			!add_counts(&d->n[1], s->n[1], err))
			return false;
		for (f = s->forms; f != NULL; f = f->next)
		{
			TermForm   *g = find_form(dst, d, f->text, f->len, true, err);

			if (g == NULL || !add_counts(&g->count, f->count, err))
				return false;
		}
	}
	return true;
}

/* ---- accessors ---- */

int64_t
csat_terms_comments(const CsatTerms *t, int group)
{
	return t->comments[group ? 1 : 0];
}

size_t
csat_terms_count(const CsatTerms *t)
{
	return t->nentries;
}

static int
bytes_cmp(const char *x, size_t lx, const char *y, size_t ly)
{
	int			c = memcmp(x, y, lx < ly ? lx : ly);

	if (c != 0)
		return c;
	return (lx > ly) - (lx < ly);
}

static const TermEntry *sort_entries;

static int
entry_cmp(const void *px, const void *py)
{
	const TermEntry *x = &sort_entries[*(const uint32_t *) px];
	const TermEntry *y = &sort_entries[*(const uint32_t *) py];
	int			c;

	if (x->parts != y->parts)
		return x->parts - y->parts;
	c = bytes_cmp(x->key, x->la, y->key, y->la);
	if (c != 0)
		return c;
	return bytes_cmp(x->key + x->la, x->lb, y->key + y->la, y->lb);
}

static void
ensure_sorted(CsatTerms *t)
{
	size_t		i;

	if (t->sorted)
		return;
	if (t->order)
		t->alloc.release(t->alloc.arg, t->order);
	t->order = t->alloc.alloc(t->alloc.arg, (t->nentries + 1) * sizeof(uint32_t));
	for (i = 0; i < t->nentries; i++)
		t->order[i] = (uint32_t) i;
	sort_entries = t->entries;
	qsort(t->order, t->nentries, sizeof(uint32_t), entry_cmp);
	sort_entries = NULL;
	t->sorted = true;
}

static const TermForm *
best_form(const TermEntry *e)
{
	const TermForm *best = e->forms,
			   *f;

	for (f = e->forms; f != NULL; f = f->next)
		if (form_before(f, best))
			best = f;
	return best;
}

void
csat_terms_get(CsatTerms *t, size_t i, CsatTermView *v)
{
	const TermEntry *e;
	const TermForm *f;

	ensure_sorted(t);
	e = &t->entries[t->order[i]];
	f = best_form(e);
	v->a = e->key;
	v->la = e->la;
	v->b = e->parts == 2 ? e->key + e->la : NULL;
	v->lb = e->lb;
	v->form = f->text;
	v->lform = f->len;
	v->unhappy = e->n[0];
	v->happy = e->n[1];
}

static int
form_cmp(const void *px, const void *py)
{
	const TermForm *x = *(const TermForm *const *) px;
	const TermForm *y = *(const TermForm *const *) py;

	return form_before(x, y) ? -1 : (form_before(y, x) ? 1 : 0);
}

/*
 * Forms of an entry in canonical order (most frequent first), in an array
 * of the state's (*buf, grown as needed; the caller releases it).
 */
static const TermForm **
sorted_forms(CsatTerms *t, const TermEntry *e, const TermForm ***buf,
			 size_t *cap)
{
	size_t		n = 0;
	const TermForm *f;

	if (*cap < e->nforms)
	{
		if (*buf)
			t->alloc.release(t->alloc.arg, *buf);
		*cap = e->nforms < 16 ? 16 : e->nforms;
		*buf = t->alloc.alloc(t->alloc.arg, *cap * sizeof(TermForm *));
	}
	for (f = e->forms; f != NULL; f = f->next)
		(*buf)[n++] = f;
	qsort(*buf, n, sizeof(TermForm *), form_cmp);
	return *buf;
}

/* ---- binary form ---- */

size_t
csat_terms_binary_size(CsatTerms *t)
{
	size_t		n = 1 + 8 + 8 + 4,
				i;

	for (i = 0; i < t->nentries; i++)
	{
		const TermEntry *e = &t->entries[i];
		const TermForm *f;

		n += 1 + 2 + e->la + (e->parts == 2 ? 2 + e->lb : 0) + 8 + 8 + 4;
		for (f = e->forms; f != NULL; f = f->next)
			n += 2 + f->len + 8;
	}
	return n;
}

static unsigned char *
put_u64(unsigned char *p, uint64_t v)
{
	int			i;

	for (i = 7; i >= 0; i--)
		*p++ = (unsigned char) (v >> (i * 8));
	return p;
}

static unsigned char *
put_u32(unsigned char *p, uint32_t v)
{
	*p++ = (unsigned char) (v >> 24);
	*p++ = (unsigned char) (v >> 16);
	*p++ = (unsigned char) (v >> 8);
	*p++ = (unsigned char) v;
	return p;
}

static unsigned char *
put_str(unsigned char *p, const char *s, size_t len)
{
	*p++ = (unsigned char) (len >> 8);
	*p++ = (unsigned char) len;
	memcpy(p, s, len);
	return p + len;
}

void
csat_terms_write(CsatTerms *t, unsigned char *p)
{
	size_t		i,
				cap = 0;
	const TermForm **forms = NULL;

	ensure_sorted(t);
	*p++ = CSAT_TERMS_VERSION;
	p = put_u64(p, (uint64_t) t->comments[0]);
	p = put_u64(p, (uint64_t) t->comments[1]);
	p = put_u32(p, (uint32_t) t->nentries);
	for (i = 0; i < t->nentries; i++)
	{
		const TermEntry *e = &t->entries[t->order[i]];
		uint32_t	k;

		sorted_forms(t, e, &forms, &cap);
		*p++ = e->parts;
		p = put_str(p, e->key, e->la);
		if (e->parts == 2)
			p = put_str(p, e->key + e->la, e->lb);
		p = put_u64(p, (uint64_t) e->n[0]);
		p = put_u64(p, (uint64_t) e->n[1]);
		p = put_u32(p, e->nforms);
		for (k = 0; k < e->nforms; k++)
		{
			p = put_str(p, forms[k]->text, forms[k]->len);
			p = put_u64(p, (uint64_t) forms[k]->count);
		}
	}
	if (forms)
		t->alloc.release(t->alloc.arg, forms);
}

/*
 * Every read term goes through here: the checks that make any accepted
 * state one that counting comments could have produced.
 */
static bool
read_term(CsatTerms *t, const char *a, size_t la, const char *b, size_t lb,
		  int64_t unhappy, int64_t happy, CsatError *err, TermEntry **out)
{
	TermEntry  *e;
	size_t		before = t->nentries;

	if (la == 0 || (b != NULL && lb == 0) || memchr(a, '\0', la) != NULL ||
		(b != NULL && memchr(b, '\0', lb) != NULL))
		return csat_fail(err, CSAT_ERR_PARAM, TERMS_HINT,
						 "invalid comment_terms value: a lexeme is empty or contains a NUL byte");
	if (t->alloc.check_text)
	{
		t->alloc.check_text(t->alloc.arg, a, la);
		if (b != NULL)
			t->alloc.check_text(t->alloc.arg, b, lb);
	}
	if (unhappy < 0 || happy < 0 || (unhappy == 0 && happy == 0) ||
		unhappy > t->comments[0] || happy > t->comments[1] ||
		csat_add_overflows(unhappy, happy))
		return csat_fail(err, CSAT_ERR_PARAM, TERMS_HINT,
						 "invalid comment_terms value: term \"%.*s\" has counts %lld unhappy, %lld happy, not within 1 and the %lld unhappy, %lld happy comments",
						 (int) (la > 60 ? 60 : la), a, (long long) unhappy,
						 (long long) happy, (long long) t->comments[0],
						 (long long) t->comments[1]);
	e = lookup(t, a, la, b, lb, err);
	if (e == NULL)
		return false;
	if (t->nentries == before)
		return csat_fail(err, CSAT_ERR_PARAM, TERMS_HINT,
						 "invalid comment_terms value: term \"%.*s\" appears twice",
						 (int) (la > 60 ? 60 : la), a);
	e->n[0] = unhappy;
	e->n[1] = happy;
	*out = e;
	return true;
}

static bool
read_form(CsatTerms *t, TermEntry *e, const char *s, size_t len,
		  int64_t count, CsatError *err)
{
	TermForm   *f;

	if (len == 0 || memchr(s, '\0', len) != NULL)
		return csat_fail(err, CSAT_ERR_PARAM, TERMS_HINT,
						 "invalid comment_terms value: a surface form is empty or contains a NUL byte");
	if (t->alloc.check_text)
		t->alloc.check_text(t->alloc.arg, s, len);
	if (count < 1 || count > e->n[0] + e->n[1])
		return csat_fail(err, CSAT_ERR_PARAM, TERMS_HINT,
						 "invalid comment_terms value: surface form \"%.*s\" counted %lld times, not within 1 and its term's %lld comments",
						 (int) (len > 60 ? 60 : len), s, (long long) count,
						 (long long) (e->n[0] + e->n[1]));
	if (find_form(t, e, s, len, false, err) != NULL)
		return csat_fail(err, CSAT_ERR_PARAM, TERMS_HINT,
						 "invalid comment_terms value: surface form \"%.*s\" appears twice",
						 (int) (len > 60 ? 60 : len), s);
	f = find_form(t, e, s, len, true, err);
	if (f == NULL)
		return false;
	f->count = count;
	return true;
}

typedef struct BinReader
{
	const unsigned char *p;
	const unsigned char *end;
} BinReader;

static bool
get_u64(BinReader *r, uint64_t *v)
{
	int			i;

	if (r->end - r->p < 8)
		return false;
	*v = 0;
	for (i = 0; i < 8; i++)
		*v = (*v << 8) | *r->p++;
	return true;
}

static bool
get_u32(BinReader *r, uint64_t *v)
{
	if (r->end - r->p < 4)
		return false;
	*v = ((uint64_t) r->p[0] << 24) | ((uint64_t) r->p[1] << 16) |
		((uint64_t) r->p[2] << 8) | r->p[3];
	r->p += 4;
	return true;
}

static bool
get_str(BinReader *r, const char **s, size_t *len)
{
	if (r->end - r->p < 2)
		return false;
	*len = ((size_t) r->p[0] << 8) | r->p[1];
	r->p += 2;
	if (*len > CSAT_TERMS_MAX_STRLEN || (size_t) (r->end - r->p) < *len)
		return false;
	*s = (const char *) r->p;
	r->p += *len;
	return true;
}

static bool
truncated(CsatError *err)
{
	return csat_fail(err, CSAT_ERR_SYNTAX, NULL,
					 "invalid binary comment_terms value: truncated, malformed or with trailing bytes");
}

bool
csat_terms_read(CsatTerms *t, const unsigned char *buf, size_t len,
				CsatError *err)
{
	BinReader	r = {buf, buf + len};
	uint64_t	u,
				h,
				nterms,
				i;

	if (len < 1 || buf[0] != CSAT_TERMS_VERSION)
		return csat_fail(err, CSAT_ERR_SYNTAX, NULL,
						 "unsupported binary comment_terms version %d",
						 len < 1 ? -1 : buf[0]);
	r.p++;
	if (!get_u64(&r, &u) || !get_u64(&r, &h) || !get_u32(&r, &nterms))
		return truncated(err);
	if ((int64_t) u < 0 || (int64_t) h < 0)
		return csat_fail(err, CSAT_ERR_PARAM, NULL,
						 "invalid comment_terms value: negative comment count");
	t->comments[0] = (int64_t) u;
	t->comments[1] = (int64_t) h;
	if (nterms > CSAT_TERMS_MAX)
		return limit_error(err);
	for (i = 0; i < nterms; i++)
	{
		const char *a,
				   *b = NULL;
		size_t		la,
					lb = 0;
		int			parts;
		uint64_t	nf,
					k,
					nu,
					nh;
		TermEntry  *e;

		if (r.p >= r.end)
			return truncated(err);
		parts = *r.p++;
		if (parts != 1 && parts != 2)
			return truncated(err);
		if (!get_str(&r, &a, &la) ||
			(parts == 2 && !get_str(&r, &b, &lb)) ||
			!get_u64(&r, &nu) || !get_u64(&r, &nh) || r.p >= r.end)
			return truncated(err);
		if (!read_term(t, a, la, b, lb, (int64_t) nu, (int64_t) nh, err, &e))
			return false;
		if (!get_u32(&r, &nf) || nf < 1)
			return truncated(err);
		for (k = 0; k < nf; k++)
		{
			const char *s;
			size_t		ls;
			uint64_t	c;

			if (!get_str(&r, &s, &ls) || !get_u64(&r, &c))
				return truncated(err);
			if (!read_form(t, e, s, ls, (int64_t) c, err))
				return false;
		}
	}
	if (r.p != r.end)
		return truncated(err);
	return true;
}

/* ---- text form ---- */

static size_t
quoted_size(const char *s, size_t len)
{
	size_t		n = 2,
				i;

	for (i = 0; i < len; i++)
		n += (s[i] == '"' || s[i] == '\\') ? 2 : 1;
	return n;
}

size_t
csat_terms_text_size(CsatTerms *t)
{
	size_t		n = 64,
				i;

	for (i = 0; i < t->nentries; i++)
	{
		const TermEntry *e = &t->entries[i];
		const TermForm *f;

		n += 4 + quoted_size(e->key, e->la) + 1 + 2 * 21;
		if (e->parts == 2)
			n += 1 + quoted_size(e->key + e->la, e->lb);
		for (f = e->forms; f != NULL; f = f->next)
			n += 1 + quoted_size(f->text, f->len) + 1 + 20;
	}
	return n;
}

static char *
put_quoted(char *p, const char *s, size_t len)
{
	size_t		i;

	*p++ = '"';
	for (i = 0; i < len; i++)
	{
		if (s[i] == '"' || s[i] == '\\')
			*p++ = '\\';
		*p++ = s[i];
	}
	*p++ = '"';
	return p;
}

void
csat_terms_format(CsatTerms *t, char *p)
{
	size_t		i,
				cap = 0;
	const TermForm **forms = NULL;

	ensure_sorted(t);
	p += sprintf(p, "{v%d unhappy %lld happy %lld", CSAT_TERMS_VERSION,
				 (long long) t->comments[0], (long long) t->comments[1]);
	for (i = 0; i < t->nentries; i++)
	{
		const TermEntry *e = &t->entries[t->order[i]];
		uint32_t	k;

		sorted_forms(t, e, &forms, &cap);
		*p++ = ' ';
		*p++ = '[';
		p = put_quoted(p, e->key, e->la);
		if (e->parts == 2)
		{
			*p++ = ' ';
			p = put_quoted(p, e->key + e->la, e->lb);
		}
		p += sprintf(p, " %lld %lld", (long long) e->n[0], (long long) e->n[1]);
		for (k = 0; k < e->nforms; k++)
		{
			*p++ = ' ';
			p = put_quoted(p, forms[k]->text, forms[k]->len);
			p += sprintf(p, ":%lld", (long long) forms[k]->count);
		}
		*p++ = ']';
	}
	*p++ = '}';
	*p = '\0';
	if (forms)
		t->alloc.release(t->alloc.arg, forms);
}

typedef struct TextReader
{
	const char *p;
	const char *input;
	CsatError  *err;
	char	   *buf;			/* unescaped strings, from the state's arena */
} TextReader;

static bool
text_syntax(TextReader *r, const char *what)
{
	char		q[64];

	csat_quote_input(r->input, q, sizeof(q));
	return csat_fail(r->err, CSAT_ERR_SYNTAX, TERMS_HINT,
					 "invalid input syntax for type comment_terms: \"%s\" (expected %s at offset %d)",
					 q, what, (int) (r->p - r->input));
}

static bool
text_expect(TextReader *r, const char *word)
{
	size_t		n = strlen(word);

	r->p = csat_skip_blanks(r->p);
	if (strncmp(r->p, word, n) != 0)
		return text_syntax(r, word);
	r->p += n;
	return true;
}

static bool
text_count(TextReader *r, int64_t *out)
{
	int64_t		v = 0;
	const char *start;

	r->p = csat_skip_blanks(r->p);
	start = r->p;
	while (*r->p >= '0' && *r->p <= '9')
	{
		int			d = *r->p - '0';

		if (v > (INT64_MAX - d) / 10)
		{
			int			digits = 0;

			while (start[digits] >= '0' && start[digits] <= '9')
				digits++;
			return csat_fail(r->err, CSAT_ERR_RANGE, NULL,
							 "comment_terms count %.*s%s at offset %d is out of range",
							 digits > 40 ? 40 : digits, start,
							 digits > 40 ? "..." : "",
							 (int) (start - r->input));
		}
		v = v * 10 + d;
		r->p++;
	}
	if (r->p == start)
		return text_syntax(r, "a count");
	*out = v;
	return true;
}

/* a quoted string, unescaped into *s (valid until the next call) */
static bool
text_string(TextReader *r, const char **s, size_t *len)
{
	size_t		n = 0;

	r->p = csat_skip_blanks(r->p);
	if (*r->p != '"')
		return text_syntax(r, "a quoted string");
	r->p++;
	while (*r->p != '"')
	{
		if (*r->p == '\0')
			return text_syntax(r, "a closing quote");
		if (*r->p == '\\')
		{
			r->p++;
			if (*r->p != '"' && *r->p != '\\')
				return text_syntax(r, "\\\" or \\\\");
		}
		if (n >= CSAT_TERMS_MAX_STRLEN)
			return csat_fail(r->err, CSAT_ERR_PARAM, TERMS_HINT,
							 "comment_terms string at offset %d is longer than %d bytes",
							 (int) (r->p - r->input), CSAT_TERMS_MAX_STRLEN);
		r->buf[n++] = *r->p++;
	}
	r->p++;
	*s = r->buf;
	*len = n;
	return true;
}

bool
csat_terms_parse(CsatTerms *t, const char *str, CsatError *err)
{
	TextReader	r = {str, str, err, NULL};
	int64_t		u,
				h;
	char	   *a_copy = arena_alloc(t, CSAT_TERMS_MAX_STRLEN);
	char	   *b_copy = arena_alloc(t, CSAT_TERMS_MAX_STRLEN);

	r.buf = arena_alloc(t, CSAT_TERMS_MAX_STRLEN);
	if (!text_expect(&r, "{") || !text_expect(&r, "v1") ||
		!text_expect(&r, "unhappy") || !text_count(&r, &u) ||
		!text_expect(&r, "happy") || !text_count(&r, &h))
		return false;
	t->comments[0] = u;
	t->comments[1] = h;
	for (;;)
	{
		const char *s;
		size_t		la,
					lb = 0,
					ls;
		bool		phrase;
		int64_t		nu,
					nh,
					c;
		TermEntry  *e;
		int			nf = 0;

		r.p = csat_skip_blanks(r.p);
		if (*r.p == '}')
			break;
		if (!text_expect(&r, "[") || !text_string(&r, &s, &la))
			return false;
		memcpy(a_copy, s, la);
		r.p = csat_skip_blanks(r.p);
		phrase = *r.p == '"';
		if (phrase)
		{
			if (!text_string(&r, &s, &lb))
				return false;
			memcpy(b_copy, s, lb);
		}
		if (!text_count(&r, &nu) || !text_count(&r, &nh) ||
			!read_term(t, a_copy, la, phrase ? b_copy : NULL, lb, nu, nh,
					   err, &e))
			return false;
		for (;;)
		{
			r.p = csat_skip_blanks(r.p);
			if (*r.p == ']' && nf > 0)
				break;
			if (!text_string(&r, &s, &ls) || !text_expect(&r, ":") ||
				!text_count(&r, &c) || !read_form(t, e, s, ls, c, err))
				return false;
			nf++;
		}
		r.p++;
	}
	r.p++;
	r.p = csat_skip_blanks(r.p);
	if (*r.p != '\0')
		return text_syntax(&r, "the end of input");
	return true;
}

/* ---- the statistic ---- */

double
csat_terms_z(int64_t yi, int64_t ni, int64_t yj, int64_t nj, double alpha0)
{
	/*
	 * In double from the start: a stored state may hold counts near
	 * INT64_MAX, whose sums would overflow int64 (undefined behaviour); a
	 * double holds every realistic count exactly.
	 */
	double		y1 = (double) yi,
				n1 = (double) ni,
				y2 = (double) yj,
				n2 = (double) nj,
				aw,
				di,
				dj,
				delta,
				var;

	if (!(n1 + n2 > 0))
		return NAN;
	aw = alpha0 * (y1 + y2) / (n1 + n2);
	di = n1 + alpha0 - y1 - aw;
	dj = n2 + alpha0 - y2 - aw;
	if (!(aw > 0) || !(di > 0) || !(dj > 0))
		return NAN;
	delta = log((y1 + aw) / di) - log((y2 + aw) / dj);
	var = 1.0 / (y1 + aw) + 1.0 / (y2 + aw);
	return delta / sqrt(var);
}
