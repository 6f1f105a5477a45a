/*-------------------------------------------------------------------------
 *
 * http.c
 *	  csat-alertd: one POST per alert with libcurl.  One easy handle is
 *	  reused, so the connection to the webhook is kept alive between
 *	  alerts.  Every request carries the alert's Idempotency-Key.  The URL
 *	  and the headers are secrets: libcurl's error texts are logged through
 *	  logmsg(), which blanks them out; redirects are not followed and only
 *	  http and https are spoken.
 *
 *-------------------------------------------------------------------------
 */
#include "alertd.h"

#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

static CURL *handle = NULL;

/* the response body is not needed */
static size_t
discard(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	(void) ptr;
	(void) userdata;
	return size * nmemb;
}

bool
http_init(const Options *o)
{
	(void) o;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return false;
	handle = curl_easy_init();
	return handle != NULL;
}

void
http_cleanup(void)
{
	if (handle != NULL)
		curl_easy_cleanup(handle);
	handle = NULL;
	curl_global_cleanup();
}

/*
 * POST body to the webhook.  *status is the HTTP status (0 when none came
 * back); err describes a failure.
 */
PostResult
http_post(const Options *o, const char *idempotency_key, const char *body,
		  char *err, size_t errlen, long *status)
{
	struct curl_slist *headers = NULL;
	struct curl_slist *h;
	char		line[256];
	char		curlerr[CURL_ERROR_SIZE];
	CURLcode	rc;
	PostResult	result;
	bool		ok = true;

	*status = 0;
	err[0] = '\0';
	curlerr[0] = '\0';

#define ADD_HEADER(s) \
	do { \
		h = curl_slist_append(headers, (s)); \
		if (h == NULL) { ok = false; break; } \
		headers = h; \
	} while (0)

	ADD_HEADER("Content-Type: application/json");
	snprintf(line, sizeof(line), "Idempotency-Key: %s", idempotency_key);
	if (ok)
		ADD_HEADER(line);
	if (ok)
		ADD_HEADER("Expect:");	/* no 100-continue round trip */
	for (int i = 0; ok && i < o->nheaders; i++)
		ADD_HEADER(o->headers[i]);
#undef ADD_HEADER
	if (!ok)
	{
		curl_slist_free_all(headers);
		snprintf(err, errlen, "out of memory building headers");
		return POST_RETRY;
	}

	curl_easy_reset(handle);
	curl_easy_setopt(handle, CURLOPT_URL, o->url);
	curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(handle, CURLOPT_POST, 1L);
	curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, (long) strlen(body));
	curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(handle, CURLOPT_USERAGENT, ALERTD_NAME "/" ALERTD_VERSION);
	curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, (long) (o->timeout * 1000));
	curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, (long) (o->timeout * 1000));
	curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, curlerr);
	curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
#endif

	rc = curl_easy_perform(handle);
	curl_easy_setopt(handle, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all(headers);

	if (rc != CURLE_OK)
	{
		snprintf(err, errlen, "%s", curlerr[0] ? curlerr : curl_easy_strerror(rc));
		switch (rc)
		{
			case CURLE_OPERATION_TIMEDOUT:
			case CURLE_COULDNT_CONNECT:
			case CURLE_COULDNT_RESOLVE_HOST:
			case CURLE_GOT_NOTHING:
			case CURLE_SEND_ERROR:
			case CURLE_RECV_ERROR:
			case CURLE_PARTIAL_FILE:
				return POST_RETRY;
			default:
				return POST_FAILED;
		}
	}
	curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, status);
	if (*status >= 200 && *status < 300)
		result = POST_OK;
	else
	{
		snprintf(err, errlen, "HTTP %ld", *status);
		result = (*status == 429 || *status >= 500) ? POST_RETRY : POST_FAILED;
	}
	return result;
}
