package dev.lunora.local.stepfunctions;

/**
 * A Lambda function run in-process. Payload and result are plain JSON-shaped values (Map, List, String, Number,
 * Boolean, null); a result may also be any object Jackson can turn into JSON. A thrown exception becomes the task
 * error exactly as Lambda reports an unhandled Java exception.
 */
@FunctionalInterface
public interface LocalFunction {

    Object invoke(Object payload) throws Exception;
}
