/*-------------------------------------------------------------------------
 *
 * terms.h
 *	  PostgreSQL-free core of comment_terms: per term (a lexeme, or two
 *	  adjacent lexemes), how many unhappy and how many happy comments
 *	  contain it, with the surface forms people wrote; the binary and text
 *	  forms of that state; and the Monroe, Colaresi and Quinn (2008) z-score.
 *
 * The caller tokenizes (src/comments.c, with PostgreSQL's text search) and
 * feeds one comment at a time:
 *
 *	 csat_terms_begin(t, group);		group 0 unhappy, 1 happy
 *	 csat_terms_add(t, ...);			every lexeme and every phrase, repeats
 *										included: a term counts once per comment
 *	 csat_terms_end(t);					the comment counts in its group's total
 *										when it had at least one term
 *
 * Memory comes from the caller's allocator (palloc in the server, malloc in
 * test/fuzz).  A state holds at most CSAT_TERMS_MAX distinct terms and
 * CSAT_TERMS_MAX_FORMS distinct (term, surface form) pairs: adding, merging
 * or reading one more is an error of kind CSAT_TERMS_ERR_LIMIT, never an
 * approximation.  Below the caps every count, surface forms' included, is
 * exact, so merging states gives what one pass gives.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CSAT_TERMS_H
#define CSAT_TERMS_H

#include "core.h"

#define CSAT_TERMS_MAX			200000	/* distinct terms per state */
#define CSAT_TERMS_MAX_FORMS	400000	/* (term, surface form) pairs per state */
#define CSAT_TERMS_MAX_STRLEN	4095	/* bytes of a lexeme or a surface form */
#define CSAT_TERMS_VERSION		1

/* past CSAT_TERMS_MAX: 54000 program_limit_exceeded on the server side */
#define CSAT_TERMS_ERR_LIMIT	((CsatErrKind) 64)

typedef struct CsatTermsAlloc
{
	void	   *(*alloc) (void *arg, size_t size);
	void		(*release) (void *arg, void *ptr);
	/* optional: checks every string read (the server checks its encoding) */
	void		(*check_text) (void *arg, const char *s, size_t len);
	void	   *arg;
} CsatTermsAlloc;

typedef struct CsatTerms CsatTerms;

/* one term, as the accessors show it */
typedef struct CsatTermView
{
	const char *a;				/* first lexeme */
	size_t		la;
	const char *b;				/* second lexeme of a phrase, else NULL */
	size_t		lb;
	const char *form;			/* most frequent surface form (ties: least
								 * bytewise) */
	size_t		lform;
	int64_t		unhappy;
	int64_t		happy;
} CsatTermView;

extern CsatTerms *csat_terms_create(const CsatTermsAlloc *alloc);
extern void csat_terms_destroy(CsatTerms *t);

extern void csat_terms_begin(CsatTerms *t, int group);
extern bool csat_terms_add(CsatTerms *t,
						   const char *a, size_t la,
						   const char *b, size_t lb,
						   const char *form, size_t lform,
						   CsatError *err);
extern bool csat_terms_end(CsatTerms *t, CsatError *err);

/* dst += src, exactly */
extern bool csat_terms_merge(CsatTerms *dst, const CsatTerms *src,
							 CsatError *err);

extern int64_t csat_terms_comments(const CsatTerms *t, int group);
extern size_t csat_terms_count(const CsatTerms *t);
/* the i-th term, 0 <= i < count, in the canonical (sorted) order */
extern void csat_terms_get(CsatTerms *t, size_t i, CsatTermView *v);

/*
 * Binary form (send/recv, serialize/deserialize and the stored value),
 * big-endian, terms in canonical order:
 *	 u8 version, i64 unhappy comments, i64 happy comments, u32 nterms,
 *	 per term: u8 parts (1|2), per part u16 len + bytes, i64 unhappy,
 *	 i64 happy, u32 nforms (>= 1), per form u16 len + bytes, i64 count.
 * csat_terms_read parses and validates into an empty state.
 */
extern size_t csat_terms_binary_size(CsatTerms *t);
extern void csat_terms_write(CsatTerms *t, unsigned char *buf);
extern bool csat_terms_read(CsatTerms *t, const unsigned char *buf,
							size_t len, CsatError *err);

/*
 * Text form, versioned:
 *	 {v1 unhappy U happy H}
 *	 {v1 unhappy U happy H ["slow" 3 1 "slow":4] ["slow" "respons" 2 0 "slow response":2]}
 * each term: its lexeme(s), unhappy and happy counts, then its surface
 * forms with their counts; strings in double quotes, \" and \\ escaped.
 */
extern size_t csat_terms_text_size(CsatTerms *t);	/* including the NUL */
extern void csat_terms_format(CsatTerms *t, char *buf);
extern bool csat_terms_parse(CsatTerms *t, const char *str, CsatError *err);

/*
 * The z-score of the log-odds ratio of group i against group j with an
 * informative Dirichlet prior (Monroe, Colaresi and Quinn 2008, eq. 16-17):
 * y comments of n contain the term; alpha_w = alpha0 (yi + yj) / (ni + nj).
 * NaN when undefined (no comments, or the term in every comment).
 */
extern double csat_terms_z(int64_t yi, int64_t ni, int64_t yj, int64_t nj,
						   double alpha0);

#endif							/* CSAT_TERMS_H */
