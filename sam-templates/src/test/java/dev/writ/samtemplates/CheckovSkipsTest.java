package dev.writ.samtemplates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Checkov check a template skips says why, where Checkov and the SAM transform both keep
 * it: in the resource's {@code Metadata} ({@code checkov: skip: [{id, comment}]}). scripts/test
 * runs Checkov on each template and on its transform, and fails on any failed check; this keeps
 * the way out honest. A {@code #checkov:skip=} comment is refused: the transform drops comments,
 * so the skip would not reach the transform's scan, and a reason in a comment is easy to lose.
 */
class CheckovSkipsTest {
    private static final Pattern CHECK_ID = Pattern.compile("CKV2?_AWS_\\d+");
    private static final Pattern COMMENT_SKIP = Pattern.compile("(checkov|bridgecrew|cortex):skip=");
    /** What Checkov reports for a skip without a comment. */
    private static final String CHECKOV_DEFAULT_REASON = "No comment provided";

    @Test
    void everySkipNamesACheckAndGivesItsReasonInMetadata() throws IOException {
        List<String> problems = new ArrayList<>();
        for (CfnTemplate template : CfnTemplate.all()) {
            problems.addAll(problems(template));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void findsASkipWithoutAReasonOrCheckAndACommentSkip(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.yaml");
        Files.writeString(file, """
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Metadata:
                      checkov:
                        skip:
                          - id: CKV_AWS_27
                          - id: CKV_AWS_28
                            comment: '  '
                          - comment: a reason, but for which check?
                          - id: CKV_AWS_29
                            comment: No comment provided
                  F:
                    Type: AWS::Serverless::Function
                    Metadata:
                      bridgecrew:
                        skip: [{id: CKV_AWS_116, comment: synchronous}]
                    Properties: {} #checkov:skip=CKV_AWS_117:no VPC
                  G:
                    Type: AWS::Serverless::Function
                    Metadata: {checkov: {skip: [{id: CKV_AWS_115, comment: Bounded by its event source.}]}}
                """, StandardCharsets.UTF_8);

        assertThat(problems(CfnTemplate.load(file))).containsExactly(
                "t.yaml: Q skips CKV_AWS_27 without a reason",
                "t.yaml: Q skips CKV_AWS_28 without a reason",
                "t.yaml: Q skips null, not a Checkov check id",
                "t.yaml: Q skips CKV_AWS_29 without a reason",
                "t.yaml: F uses Metadata.bridgecrew; Checkov skips go in Metadata.checkov.skip",
                "t.yaml line 18: a comment skip; put it in the resource's Metadata.checkov.skip with a comment");
    }

    private static List<String> problems(CfnTemplate template) throws IOException {
        List<String> problems = new ArrayList<>();
        template.resources().forEach((id, r) -> {
            Map<String, Object> metadata = CfnTemplate.map(CfnTemplate.map(r).getOrDefault("Metadata", Map.of()));
            if (metadata.containsKey("bridgecrew")) {
                problems.add(template.name() + ": " + id + " uses Metadata.bridgecrew; Checkov skips go in Metadata.checkov.skip");
            }
            Map<String, Object> checkov = CfnTemplate.map(metadata.getOrDefault("checkov", Map.of()));
            for (Object s : CfnTemplate.list(checkov.get("skip"))) {
                Map<String, Object> skip = CfnTemplate.map(s);
                Object check = skip.get("id");
                Object reason = skip.get("comment");
                if (!(check instanceof String c && CHECK_ID.matcher(c).matches())) {
                    problems.add(template.name() + ": " + id + " skips " + check + ", not a Checkov check id");
                } else if (!(reason instanceof String text) || text.isBlank() || text.strip().equals(CHECKOV_DEFAULT_REASON)) {
                    problems.add(template.name() + ": " + id + " skips " + check + " without a reason");
                }
            }
        });
        List<String> lines = Files.readAllLines(template.file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (COMMENT_SKIP.matcher(lines.get(i)).find()) {
                problems.add(template.name() + " line " + (i + 1)
                        + ": a comment skip; put it in the resource's Metadata.checkov.skip with a comment");
            }
        }
        return problems;
    }
}
