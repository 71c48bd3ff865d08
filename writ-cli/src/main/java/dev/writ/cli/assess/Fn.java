package dev.writ.cli.assess;

/**
 * An intrinsic function of a template ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub} ...), from
 * a short tag ({@code !Ref X}) or its long form ({@code {"Ref": "X"}}). {@code arg} is a template
 * value: a {@link Mapping}, a {@link Sequence}, a {@link String} or another {@code Fn}.
 */
record Fn(String name, Object arg) {
    static final String REF = "Ref";
    static final String GET_ATT = "Fn::GetAtt";
    static final String SUB = "Fn::Sub";
    static final String IF = "Fn::If";
}
