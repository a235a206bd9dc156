#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <curl/curl.h>

/* curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic: one typed wrapper per argument kind. */
static inline CURLcode meridian_curl_set_long(CURL *easy, CURLoption option, long value)
{
    return curl_easy_setopt(easy, option, value);
}

static inline CURLcode meridian_curl_set_offset(CURL *easy, CURLoption option, curl_off_t value)
{
    return curl_easy_setopt(easy, option, value);
}

static inline CURLcode meridian_curl_set_string(CURL *easy, CURLoption option, const char *value)
{
    return curl_easy_setopt(easy, option, value);
}

static inline CURLcode meridian_curl_set_pointer(CURL *easy, CURLoption option, void *value)
{
    return curl_easy_setopt(easy, option, value);
}

static inline CURLcode meridian_curl_set_write_function(CURL *easy, curl_write_callback callback)
{
    return curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode meridian_curl_set_header_function(CURL *easy, curl_write_callback callback)
{
    return curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, callback);
}

static inline CURLcode meridian_curl_set_open_socket_function(CURL *easy, curl_opensocket_callback callback)
{
    return curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, callback);
}

static inline long meridian_curl_response_code(CURL *easy)
{
    long code = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

static inline curl_off_t meridian_curl_total_time_microseconds(CURL *easy)
{
    curl_off_t value = 0;
    curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &value);
    return value;
}

/* The numeric address of the peer, or NULL before a connection exists; owned by curl. */
static inline const char *meridian_curl_primary_ip(CURL *easy)
{
    char *address = NULL;
    curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &address);
    return address;
}

static inline void *meridian_curl_private(CURL *easy)
{
    char *value = NULL;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &value);
    return value;
}

static inline CURLMcode meridian_curl_multi_set_long(CURLM *multi, CURLMoption option, long value)
{
    return curl_multi_setopt(multi, option, value);
}

/* Fields of a finished-transfer message; the union is awkward to read from Swift. */
static inline int meridian_curl_message_is_done(const CURLMsg *message)
{
    return message->msg == CURLMSG_DONE;
}

static inline CURLcode meridian_curl_message_result(const CURLMsg *message)
{
    return message->data.result;
}

/* The address family and raw address bytes curl is about to connect to. */
static inline int meridian_curl_sockaddr_family(const struct curl_sockaddr *address)
{
    return address->family;
}

static inline const void *meridian_curl_sockaddr_bytes(const struct curl_sockaddr *address)
{
    return &address->addr;
}
