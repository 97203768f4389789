"""Passages copied verbatim from the five seed pages in shared/seeds/ (one webhook-drop story told for five questions).

Each passage is plain text from inside one element of its page (a clause of an overview, a strong example, a coaching
sentence, a common mistake, a probe's question / answer / reason, a critique bullet, a quiz question or explanation, an
angle, a level box); together, each page's passages cover every section of that page. Where the pages say one thing
in several wordings, the decks keep one wording: a passage then counts as kept when a near-identical wording of it from
another seed (tests/likeness.py) reaches a card. tests/test_seed_content.py measures how many are kept.
"""

PASSAGES = {
    "000_e5371b84c2411627": [
        # title, overview and key takeaways
        "Tell Me About a Time Speed of Execution Was the Key to Success",
        "the candidate noticed a 0.3% webhook drop rate in a service outside their team with no ticket or request to act",
        "They took initiative by analyzing logs, reproducing the issue, and delivering a fix with proactive alerts.",
        "first-person action steps",
        # STAR coaching and common mistakes
        "by then the interviewer has lost interest in the story",
        "Jumping to I started investigating without stating scope boundary. Ownership proof is absent",
        "interviewer assumes it was assigned",
        "this single sentence makes the candidate invisible",
        "Interviewer cannot determine what THEY did specifically.",
        "Quantify the impact with metrics, translate it to business value, and mention second-order effects like process improvements or adoption.",
        "Interviewer remembers nothing.",
        "Senior candidates should name systemic or organizational root causes.",
        "most common reflection failure. Applies to every story.",
        # probes
        "This CONFIRMS you handed it off.",
        "Interviewer now rescores the opening answer as No Hire.",
        "Escalating without a solution would have added 2-3 weeks given their sprint velocity.",
        "I sent a PR and waited for their review.",
        "I would communicate more with the team.",
        "Passive handoff without proactive coordination delays deployment and shows lack of ownership.",
        "offered to assist with testing and deployment to accelerate the fix rollout",
        "does not show specific learning from this story",
        "implement cross-team monitoring dashboards earlier to prevent silent failures and improve visibility",
        "Superficial verification; lacks proactive validation steps.",
        "I monitored webhook delivery metrics post-deployment for several days and confirmed zero drop rate.",
        "I also added dead letter queue alerts to catch any future silent failures immediately.",
        # weak answer critique
        "\"They looked into it and fixed the problem\" uses 'they' and hides candidate's contribution.",
        "No mention of scope boundary or that nobody asked.",
        "No reflection or learning.",
        # quiz explanations
        "clearly shows the candidate's initiative and ownership, which are key signals for Bias for Action at Amazon",
        "merely escalating without a fix shows lack of ownership",
        "waited for managerial direction, which is a disqualifier for Bias for Action at Amazon",
        "Strong candidates act proactively without waiting for assignment.",
        "fulfilling Amazon's high bar for impact quantification in Bias for Action stories",
        # angles
        "Then detail the concrete steps you took independently to fix the issue quickly.",
        "Team collaboration or long-term architectural changes.",
        "identified the subtle race condition causing silent drops",
        # levels
        "and how you noticed the problem",
        "Keep the story under 2 minutes.",
        "cross-team SLOs and monitoring gaps",
        "Discuss trade-offs in alerting and deployment speed.",
    ],
    "001_703998004d4b9e13": [
        # title, scenario overview and key takeaways
        "Tell Me About a Time You Took a Calculated Risk That Paid Off",
        "coordinating deployment with the Platform team",
        "The fix eliminated the drop rate, recovering $8K weekly and leading to adoption of their alert pattern.",
        "explicit scope boundary to prove ownership",
        "quantifying impact with business translation and second-order effects",
        # STAR steps: strong examples, coaching, common mistakes, SDE2 and Senior reflections
        "While working as an SDE2, I noticed a persistent 0.3% webhook drop rate in the Platform team's payment notification service.",
        "Despite incomplete information and no direct assignment, I decided to investigate and fix the problem",
        "Focus on the problem context that triggered your action",
        "This service belonged to the Platform team - not mine.",
        "Explicitly state scope boundary and lack of assignment to prove self-initiated ownership.",
        "I traced the failure to a race condition in their retry logic.",
        "I submitted a ready-to-merge pull request to the Platform team and coordinated with their engineers to deploy the fix.",
        "The Platform team adopted my dead letter queue alert pattern as a standard in their webhook template",
        "This makes impact memorable.",
        "Show learning that improves process or system.",
        "In retrospect, I would have proposed a shared webhook reliability SLO earlier.",
        "an organizational gap causing zero shared visibility into cross-team payment health",
        # probes
        "How did you ensure the Platform team accepted and deployed your fix?",
        "Ownership beyond coding; cross-team collaboration and influence",
        "I brought a solution, not just a problem.",
        "What risks did you consider before acting without a ticket or assignment?",
        "I decided to act despite incomplete info after assessing impact and risks.",
        "which I reported to leadership",
        "I owned the fix and quantified impact.",
        "This systemic fix addresses the root organizational gap I identified.",
        # weak answer, critique, bar raiser verdict
        "I escalated it to the Platform team by sending a Slack message.",
        "which I realize now was a missed opportunity to demonstrate ownership",
        "No quantification of drop rate or business impact.",
        "The drop rate improved and the team was happy.",
        "Candidate handed off ownership, no quantification, leaning No Hire for Bias for Action.",
        # quizzes
        "Which phrase best signals strong ownership in a Bias for Action story?",
        "The phrase 'I brought a ready-to-merge fix and coordinated deployment' clearly shows individual contribution and Bias for Action.",
        "Without it, interviewers assume the task was assigned, which weakens the Bias for Action signal.",
        "acted only because assigned or suggested by manager",
        # angles
        "Then trace back: here is what I did to get there.",
        "Any mention of manager involvement or delegation.",
        # levels
        "Reflection centers on technical learning like debugging or race condition.",
        "Less cross-team complexity, simpler impact metrics, clear individual contribution.",
        "trade-offs in cross-team ownership, and influence",
        "Broader impact, leadership in cross-team processes, trade-off articulation.",
    ],
    "002_2b6fc7fa2beaed4d": [
        # title, overview and key takeaways
        "Tell Me About a Time You Made a Decision That Protected Users Even at a Business Cost",
        "decided to act despite no assignment",
        "the story for Amazon's bar raiser process",
        # STAR coaching and common mistakes
        "Keep Situation concise and focused on the problem and its impact.",
        "Explicitly state scope boundary and lack of assignment to prove ownership.",
        "Avoid 'we' to prevent ambiguity about your role.",
        "Quantify impact with metric delta, translate to business value, and mention second-order effects like process adoption.",
        "Jumping to investigation without stating scope boundary; ownership proof is absent.",
        # probes
        "I did escalate it - I sent them a Slack message and they handled it.",
        "Sending Slack = routing responsibility, not ownership.",
        "with tests and deployment instructions",
        "followed up during their sprint planning to ensure timely rollout, minimizing business impact",
        "I thought it was important so I just did it.",
        "lacks business or user impact framing",
        "to protect users and revenue, aligning with Amazon’s principle of broad responsibility",
        "I just fixed it as fast as possible.",
        "No trade-off consideration; suggests rushed or careless work.",
        "accepting a small delay in rollout to ensure thorough testing and avoid regressions that could cause bigger losses",
        "The drop rate went down and the team was happy.",
        "correlated this with estimated $8K weekly revenue recovery from payment delays",
        # weak answer critique
        "No explicit ownership or individual contribution",
        "The drop rate improved and the team was happy",
        # angles
        "protected merchants from payment delays",
        "User impact, merchant trust, and proactive protection",
        "Technical details of the fix and internal team boundaries.",
        "decision to act despite cost",
        "Collaboration or escalation without solution.",
        "reproducing the failure locally to confirm the fix",
        "data-driven diagnosis",
        # levels
        "Adds organizational thinking, trade-off articulation, and cross-team influence.",
    ],
    "003_970fdee34972d1d2": [
        # title, overview and key takeaways
        "Describe a Time You Caught a Critical Issue Others Had Missed",
        "Reflection highlighted the need for shared SLOs to improve cross-team visibility.",
        "showing second-order impact",
        # STAR coaching and common mistakes
        "Keep the situation concise and focused on the problem and its business impact.",
        "Explicitly state the scope boundary and lack of assignment to prove ownership.",
        "Use 'I' for every action sentence to clearly show individual contribution.",
        "Quantify the impact with metrics, translate to business value, and mention second-order effects like process adoption.",
        "Provide specific, story-related insights rather than generic lessons.",
        "root causes beyond code",
        # probes
        "Because I had some free time and wanted to help.",
        "Shows opportunistic rather than principled ownership",
        "which impacted our shared business goals",
        "insisted on the highest standards by proactively fixing it despite no assignment",
        "I deployed the fix and assumed it worked because errors stopped.",
        "No validation or monitoring; assumes success without evidence.",
        "I would communicate more with the Platform team.",
        "improve proactive detection",
        # weak answer critique
        "We figured it out together - individual contribution invisible",
        "No explicit scope boundary stated",
        "Uses 'we' and passive language",
        "instead of business value",
        # quiz explanations
        "'I pulled the webhook delivery logs and traced the failure' clearly shows individual ownership and initiative",
        "Amazon's 'Insist on the Highest Standards' principle",
        "the interviewer cannot confirm if the candidate took ownership or was assigned the task",
        "This is a common disqualifier.",
        "which are all required to demonstrate high standards and impact at Amazon",
        # angles
        "Quantified impact and business value",
        "Technical details of the retry mechanism and alert implementation.",
        "coordinated cross-team rollout",
        "Business metrics in favor of ownership signals.",
        "Focus on the technical investigation steps",
        "building a robust fix",
        "Technical rigor and validation steps",
        # levels
        "Focus on the technical fix within your own team or a closely related service.",
        "Mention basic ownership but avoid complex cross-team coordination.",
        "Explain why the fix was designed that way and how it balanced reliability and performance.",
    ],
    "004_6e38b8bde2a67867": [
        # title, overview and key takeaways
        "Strive to Be Earth's Best Employer",
        "deep reflection distinguishes senior candidates",
        "explicit scope boundary proves ownership",
        "adoption of their alert pattern",
        # STAR coaching and common mistakes
        "Use 'I' for every action sentence to clearly demonstrate individual contribution.",
        "Provide specific, story-related insights rather than generic lessons about communication.",
        # probes
        "I did escalate it - I sent them a Slack message and they handled it.",
        "Sending Slack = routing responsibility, not ownership.",
        "Escalating without a solution would have delayed resolution by weeks given their sprint cycles.",
        "no one was addressing it",
        "I felt responsible to protect customer experience and business health even beyond my team’s boundaries.",
        "I told the Platform team about the fix and trusted them to test it.",
        "Delegates validation; no personal verification.",
        "I reproduced the failure locally to confirm the root cause and tested my patch thoroughly before submitting it, ensuring the drop rate would go to zero.",
        "I would communicate more with the other team.",
        "catch such issues early and assign clear ownership",
        "shared reliability SLAs",
        # weak answer critique
        "\"sent a Slack message\" is just routing, not fixing",
        "No explicit scope boundary stated",
        # angles
        "Lead with the customer impact: revenue loss and experience degradation.",
        "Then explain how your proactive fix protected customers.",
        "Customer impact and urgency to act without assignment.",
        "Technical details of the fix.",
        "Focus on how you designed a minimal fix and introduced a dead letter queue alert pattern that was later adopted broadly.",
        "Innovation and scalable solution.",
        "Business impact metrics.",
        "Cross-team collaboration challenges.",
        # levels
        "Keep story under 2 minutes.",
        "technical debugging skills",
        "Add organizational thinking and trade-off articulation.",
        "Story length 2.5-3 minutes.",
    ],
}
