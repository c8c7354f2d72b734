package dev.lunora.local.stepfunctions;

/**
 * Lets a local function (or a test) make the Lambda <em>service</em>, not the function, fail: the task error is
 * {@code errorName} (for example {@code Lambda.ServiceException}, {@code Lambda.TooManyRequestsException}) and the
 * cause is the message, as Step Functions reports service-side failures of a Lambda invocation.
 */
public final class LambdaServiceException extends RuntimeException {

    private final String errorName;

    public LambdaServiceException(String errorName, String message) {
        super(message);
        this.errorName = errorName;
    }

    public String errorName() {
        return errorName;
    }
}
