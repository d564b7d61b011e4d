package org.recprompt.workspace.ui;

import java.util.List;
import java.util.function.Consumer;

import org.recprompt.base.ui.Editor;
import org.recprompt.workspace.Project;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;

/**
 * The first tab a newcomer sees: what the workbench is for and what to do first. With projects in the
 * workspace it lists them (each opens with a click) and offers "New project" rather than "Create your
 * first project".
 */
class WelcomeEditor implements Editor {

    static final String ID = "welcome";

    static final String FIRST_PROJECT = "Create your first project";
    static final String ANOTHER_PROJECT = "New project";

    final Button newProject = new Button(FIRST_PROJECT, VaadinIcon.PLUS.create());
    /** The workspace's projects, each a link that opens it; hidden while there is none. */
    final Div projectList = new Div();
    private final Div content = new Div();
    private final Consumer<Project> onOpen;

    WelcomeEditor(Runnable onNewProject, Consumer<Project> onOpen, String workspace, String version) {
        this.onOpen = onOpen;
        content.addClassNames("rp-editor", "rp-welcome");
        H1 title = new H1("RecPrompt Workbench");
        Paragraph lead = new Paragraph("Study large language models as recommenders: load a real dataset, write "
                + "prompt templates for every published paradigm, run them against LLM backends, local models and "
                + "classical baselines, ground every answer to the catalog, and compare accuracy, popularity bias, "
                + "diversity, hallucinations, position bias, fairness and privacy side by side.");
        newProject.setId("welcome-new-project");
        newProject.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        newProject.addClickListener(e -> onNewProject.run());

        OrderedList steps = new OrderedList(
                step("Create a project", "Toolbar: New project, or the button above. A project keeps a study's "
                        + "datasets, templates, few-shot sets, backends, experiments and runs together."),
                step("Add a dataset", "Right-click the project's Datasets folder: Import dataset takes a folder, "
                        + "file or zip (MovieLens 100K, 1M/10M, latest, RecBole atomic files, CSV); Download dataset "
                        + "fetches a MovieLens release and checks it. Its tab shows density, the long tail and cold users."),
                step("Write prompt templates", "Right-click Prompt templates: import from the library (P5, M6-Rec "
                        + "scoring, LMRecSys, NIR's three-step chain, Chat-REC, candidate ranking, pairwise choice with "
                        + "N/A, vision prompts) or start a new one; the editor completes variables, lints and previews "
                        + "the prompt for a real user; every save is a version."),
                step("Configure backends", "Right-click Backends: OpenAI or any OpenAI-compatible server (vLLM, "
                        + "llama.cpp, LM Studio), Ollama, Anthropic, Gemini, local models and baselines. List the "
                        + "server's models and test the connection in the backend's tab. Keys come from environment "
                        + "variables or are entered there and stored encrypted."),
                step("Run an experiment", "Right-click Experiments: New experiment writes a YAML file (templates x "
                        + "few-shot sets x backends x candidate orders x repeats); Run shows the estimate, then progress with "
                        + "pause, cancel and resume; answers are cached. The sample project, when ml-latest-small is "
                        + "present, has one ready: Experiments > ranking-baselines, Run."),
                step("Compare and report", "Open a run under Runs: the comparison with intervals and paired tests, "
                        + "the figures, a click on a value for its users and their answers; `report` exports HTML, PDF, "
                        + "CSV, JSON, LaTeX and Markdown. Right-click a project to export it as a zip."));
        steps.addClassName("rp-steps");

        H3 layout = new H3("Finding your way");
        Paragraph tour = new Paragraph("Left: the project explorer (double-click a project to open it, right-click "
                + "for more). Centre: editor tabs; Ctrl+S saves, * marks unsaved changes. Bottom: the console and "
                + "the progress of background jobs. Drag the dividers to resize; the layout (panes, open tabs, the "
                + "explorer's open folders) is remembered and comes back after a reload. F1 or ? lists the keyboard "
                + "shortcuts.");
        Paragraph cli = new Paragraph("Headless: java -jar target/recprompt.jar --help lists the commands.");
        cli.addClassName("rp-muted");
        Paragraph where = new Paragraph("Workspace: " + workspace + " \u00b7 version " + version);
        where.addClassName("rp-muted");
        projectList.setId("welcome-projects");
        projectList.addClassName("rp-welcome-projects");
        content.add(title, lead, newProject, projectList, new H3("What to do first"), steps, layout, tour, cli, where);
        showProjects(List.of());
    }

    /** Shows the workspace as it is: its projects to open, and a button worded for a first or a further project. */
    void showProjects(List<Project> projects) {
        newProject.setText(projects.isEmpty() ? FIRST_PROJECT : ANOTHER_PROJECT);
        projectList.removeAll();
        projectList.setVisible(!projects.isEmpty());
        if (projects.isEmpty()) {
            return;
        }
        projectList.add(new Span(projects.size() == 1 ? "Your project: " : "Your " + projects.size() + " projects: "));
        for (Project p : projects) {
            Button open = new Button(p.getName(), e -> onOpen.accept(p));
            open.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
            open.addClassName("rp-welcome-project");
            projectList.add(open);
        }
    }

    private static ListItem step(String title, String text) {
        Span strong = new Span(title);
        strong.addClassName("rp-step-title");
        return new ListItem(strong, new Span(" \u2014 " + text));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Welcome";
    }

    @Override
    public Component content() {
        return content;
    }
}
