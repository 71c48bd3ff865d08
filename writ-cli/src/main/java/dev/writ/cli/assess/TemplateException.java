package dev.writ.cli.assess;

/** A template that cannot be assessed: not YAML or JSON, not a CloudFormation template, no function. */
final class TemplateException extends RuntimeException {
    TemplateException(String message) {
        super(message);
    }
}
