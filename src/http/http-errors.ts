/**
 * Errors only the HTTP layer raises: the body could not even be read as the
 * request the route expects. Same base class and body shape as the domain's.
 */
import { AppError } from "../domain/errors.js";

/** The body is not valid JSON. */
export class MalformedJsonError extends AppError {
  readonly code = "MALFORMED_JSON";
}

/** A JSON route received another content type. */
export class UnsupportedMediaTypeError extends AppError {
  readonly code = "UNSUPPORTED_MEDIA_TYPE";
}

/** The body is larger than the route accepts. */
export class PayloadTooLargeError extends AppError {
  readonly code = "PAYLOAD_TOO_LARGE";
}

/** No route has this method and path. */
export class RouteNotFoundError extends AppError {
  readonly code = "NOT_FOUND";
}
