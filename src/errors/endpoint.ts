/**
 * The name of the server call an error or event is about, as in its URL path (`webwxsendmsg`). The errors are
 * shared by every transport, so this is any string here; the Web client's own calls are the `WebEndpoint` union.
 */
export type Endpoint = string;
