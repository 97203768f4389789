"""Passages copied verbatim from the five seed pages in shared/seeds/ (one webhook-drop story told for five questions).

Each passage is plain text from inside one element of its page (a clause of a strong answer, a coaching sentence, a
critique bullet, a quiz explanation, an angle, a level focus, ...), and together they cover every section of the page.
Every passage must be found in the text of a card built from decks/.
"""

PASSAGES = {
    "000_e5371b84c2411627": [
        # overview and key takeaways
        "the candidate noticed a 0.3% webhook drop rate in a service outside their team",
        "Reflection showed learning about organizational gaps in shared SLOs.",
        "quantified impact with business translation",
        # STAR coaching and common mistakes
        "focused on the problem context and ownership gap",
        "Explicitly state the scope boundary and ownership gap to prove initiative.",
        "Use first-person singular for every action sentence to demonstrate individual ownership.",
        "mention second-order effects like process improvements or adoption",
        "Senior candidates should name systemic or organizational root causes.",
        "by then the interviewer has lost interest in the story",
        "Jumping to I started investigating without stating scope boundary.",
        "this single sentence makes the candidate invisible",
        "activity description not impact. Interviewer remembers nothing.",
        "most common reflection failure. Applies to every story.",
        # probes
        "This CONFIRMS you handed it off. Interviewer now rescores the opening answer as No Hire.",
        "Escalating without a solution would have added 2-3 weeks given their sprint velocity.",
        "I sent a PR and waited for their review.",
        "Passive handoff without proactive coordination delays deployment",
        "offered to assist with testing and deployment to accelerate the fix rollout",
        "implement cross-team monitoring dashboards earlier to prevent silent failures",
        "Superficial verification; lacks proactive validation steps.",
        "I monitored webhook delivery metrics post-deployment for several days",
        # weak answer critique
        "They looked into it and fixed the problem",
        "No mention of scope boundary or that nobody asked.",
        # quiz explanations
        "relying on manager suggestion or using 'we' dilutes individual contribution",
        "waited for managerial direction, which is a disqualifier for Bias for Action at Amazon",
        "fulfilling Amazon's high bar for impact quantification in Bias for Action stories",
        # angles
        "Then detail the concrete steps you took independently to fix the issue quickly.",
        "Self-initiated investigation, rapid diagnosis, and fix without waiting for assignment.",
        "Team collaboration or long-term architectural changes.",
        "Highlight how you took full responsibility end-to-end.",
        "Speed alone without ownership context.",
        "identified the subtle race condition causing silent drops",
        "Technical depth and root cause analysis.",
        # levels
        "Focus on the technical fix you implemented and how you noticed the problem.",
        "Discuss trade-offs in alerting and deployment speed.",
    ],
    "001_703998004d4b9e13": [
        # overview and key takeaways
        "There was no alerting or ticket raised, and this issue was outside my team’s scope.",
        "leading to adoption of their alert pattern",
        "quantifying impact with business translation and second-order effects",
        # STAR steps: examples, key phrases, coaching, common mistakes, SDE2/Senior reflection
        "Focus on the problem context that triggered your action, not system architecture details.",
        "This service belonged to the Platform team - not mine.",
        "This prevents interviewer from assuming task was assigned.",
        "I traced the failure to a race condition in their retry logic.",
        "Detail concrete steps taken to fix the problem.",
        "Post-mortem analysis estimated recovering $8K in weekly revenue.",
        "0.3% drop rate went to zero",
        "This makes impact memorable.",
        "Show learning that improves process or system.",
        "too generic, tells nothing specific",
        "The real gap was zero shared visibility into cross-team payment health",
        "an organizational gap causing zero shared visibility into cross-team payment health",
        # probes
        "How did you ensure the Platform team accepted and deployed your fix?",
        "Ownership beyond coding; cross-team collaboration and influence",
        "I coordinated deployment timing and verified post-deployment metrics to ensure resolution.",
        "I brought a solution, not just a problem.",
        "What risks did you consider before acting without a ticket or assignment?",
        "No evidence of risk assessment or calculation; sounds impulsive.",
        "I decided to act despite incomplete info after assessing impact and risks.",
        "Data-driven impact measurement",
        "which I reported to leadership",
        "This systemic fix addresses the root organizational gap I identified.",
        # weak answer, critique, bar raiser verdict
        "I escalated it to the Platform team by sending a Slack message.",
        "which I realize now was a missed opportunity to demonstrate ownership",
        "hides candidate contribution",
        "Candidate handed off ownership, no quantification, leaning No Hire for Bias for Action.",
        # quiz
        "Which phrase best signals strong ownership in a Bias for Action story?",
        "What is a critical element to include in the TASK step for Amazon Bias for Action stories?",
        "Which phrase is a top disqualifier for Bias for Action at Amazon?",
        "which weakens the Bias for Action signal",
        # angles
        "Then trace back: here is what I did to get there.",
        "Any mention of manager involvement or delegation.",
        "Technical investigation depth, data analysis, root cause identification.",
        # levels
        "Reflection centers on technical learning like debugging or race condition.",
        "improve the reliability of retry mechanisms in our services",
        "Less cross-team complexity, simpler impact metrics, clear individual contribution.",
        "Broader impact, leadership in cross-team processes, trade-off articulation.",
    ],
    "002_2b6fc7fa2beaed4d": [
        # overview and key takeaways
        "showing deep technical dive and initiative",
        "elevate the story for Amazon's bar raiser process",
        # STAR coaching and common mistakes
        "Keep Situation concise and focused on the problem and its impact.",
        "This prevents interviewer assumptions of assigned work.",
        "Avoid 'we' to prevent ambiguity about your role.",
        "especially systemic or organizational insights for senior levels",
        "Using 'we' language such as 'we figured out the root cause' hides individual contribution.",
        "Ending with vague statements like 'things got better'",
        "that applies to any story and tells nothing specific",
        # probes
        "Confirms handing off without follow-through.",
        "brought a complete fix with tests and deployment instructions",
        "I followed up during their sprint planning to ensure timely rollout",
        "Vague motivation; lacks business or user impact framing.",
        "aligning with Amazon’s principle of broad responsibility",
        "No trade-off consideration; suggests rushed or careless work.",
        "accepting a small delay in rollout to ensure thorough testing",
        "No metric quantification or business translation; vague impact.",
        "correlated this with estimated $8K weekly revenue recovery from payment delays",
        # weak answer critique
        "I escalated it - I sent them a Slack message and they fixed it",
        "No explicit ownership or individual contribution",
        # angles
        "protected merchants from payment delays",
        "User impact, merchant trust, and proactive protection despite no assignment.",
        "Technical details of the fix and internal team boundaries.",
        "Highlight self-initiative to fix an issue outside my team",
        "Explicit ownership proof, decision to act despite cost, and end-to-end responsibility.",
        "Collaboration or escalation without solution.",
        "reproducing the failure locally to confirm the fix",
        "Technical investigation steps and data-driven diagnosis.",
        # levels
        "Basic technical investigation and fix within own team scope",
        "Adds organizational thinking, trade-off articulation, and cross-team influence.",
    ],
    "003_970fdee34972d1d2": [
        # overview and key takeaways
        "reducing errors to zero and recovering $8K weekly revenue",
        "The Platform team adopted their alert pattern, showing second-order impact.",
        "explicit ownership proof, quantified impact, and systemic reflection",
        # STAR coaching and common mistakes
        "focused on the problem and its business impact",
        "This distinguishes self-initiated work from assigned tasks.",
        "Avoid 'we' to prevent ambiguity about ownership.",
        "Senior candidates should name systemic root causes beyond code.",
        "'we figured out the root cause together' which hides individual contribution",
        "which tells nothing specific about the story",
        # probes
        "Sending Slack = routing responsibility, not ownership. Confirms handoff without ownership.",
        "Escalating without a solution adds weeks at their sprint velocity.",
        "I coordinated the rollout and verified deployment success.",
        "Because I had some free time and wanted to help.",
        "Shows opportunistic rather than principled ownership",
        "I insisted on the highest standards by proactively fixing it despite no assignment.",
        "I deployed the fix and assumed it worked because errors stopped.",
        "No validation or monitoring; assumes success without evidence.",
        "I tracked metrics to confirm the drop rate went to zero after rollout.",
        "Generic and vague; no specific systemic insight.",
        "cross-team alerting dashboard earlier to prevent blind spots",
        # weak answer critique
        "We figured it out together - individual contribution invisible",
        "Uses 'we' and passive language",
        # quiz explanations
        "I pulled the webhook delivery logs and traced the failure",
        "the interviewer cannot confirm if the candidate took ownership or was assigned the task",
        "This is a common disqualifier.",
        "which are all required to demonstrate high standards and impact at Amazon",
        # angles
        "Emphasize I owned the fix end-to-end and coordinated cross-team rollout.",
        "how the fix directly improved customer experience and revenue",
        "Technical details of the retry mechanism and alert implementation.",
        "Self-initiation, scope boundary, and full ownership from diagnosis to deployment.",
        "Business metrics in favor of ownership signals.",
        "root cause identification, and building a robust fix",
        "Technical rigor and validation steps.",
        # levels
        "Mention basic ownership but avoid complex cross-team coordination.",
        "how it balanced reliability and performance",
    ],
    "004_6e38b8bde2a67867": [
        # overview and key takeaways
        "take multiple individual actions starting with 'I' to fix the issue",
        "Reflection shows systemic insight about shared reliability SLAs.",
        "deep reflection distinguishes senior candidates",
        # STAR coaching and common mistakes
        "Avoid lengthy system architecture explanations that lose interviewer interest.",
        "to prove ownership was self-initiated, not assigned",
        "clearly demonstrate individual contribution",
        "mention second-order effects like adoption",
        "makes individual contribution invisible",
        "Ending with vague statements like 'team was happy' without quantifying impact.",
        "Generic reflection like 'I learned communication is important'",
        # probes
        "Confirms candidate handed off the problem.",
        "brought a complete fix with a ready-to-merge PR",
        "would have delayed resolution by weeks given their sprint cycles",
        "Because I had some free time and thought I should help.",
        "Shows opportunistic behavior, lacks customer or business impact focus.",
        "I felt responsible to protect customer experience and business health",
        "I told the Platform team about the fix and trusted them to test it.",
        "Delegates validation; no personal verification.",
        "tested my patch thoroughly before submitting it",
        "Generic and vague; no systemic insight.",
        "shared reliability SLAs and monitoring dashboards across teams upfront",
        "catch such issues early and assign clear ownership",
        # weak answer critique
        "is just routing, not fixing",
        "Use of 'we' or vague team references missing",
        # angles
        "Lead with the customer impact: revenue loss and experience degradation.",
        "Then explain how your proactive fix protected customers.",
        "Customer impact and urgency to act without assignment.",
        "no ticket existed, yet you took full ownership end-to-end",
        "Cross-team collaboration challenges.",
        "introduced a dead letter queue alert pattern that was later adopted broadly",
        "Innovation and scalable solution.",
        "Business impact metrics.",
        # levels
        "Reflection centers on technical debugging skills.",
        "Reflection includes systemic root cause beyond code. Story length 2.5-3 minutes.",
    ],
}
