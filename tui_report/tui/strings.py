"""Every piece of text the editor shows, in one place so it can be
translated (or reviewed by someone who reads only Chinese) without reading
code. Formatting placeholders use ``str.format`` names."""

from __future__ import annotations

APP_TITLE = "tui-report"

# --- status line ----------------------------------------------------------
STATUS_YEAR = "{year}年度"
STATUS_SAVED = "已保存"
STATUS_UNSAVED = "● 未保存"
STATUS_READ_ONLY = "只读"
STATUS_READ_ONLY_WHY = "（{why}）"
STATUS_ERRORS = "✗ {n} 错误"
STATUS_WARNINGS = "! {n} 警告"
STATUS_CHECKING = "校验中…"
STATUS_NOT_CHECKED = "正在校验…"
STATUS_UNREVIEWED = "◦ {n} 段待核对"

# --- panels -----------------------------------------------------------------
OUTLINE_TITLE = "目录"
OUTLINE_KEYS_HINT = "字母键为命令 F1"
PROBLEMS_TITLE = "问题"
PROBLEMS_COUNT = "问题 ✗{errors} !{warnings}"
PROBLEMS_NONE = "没有发现问题"
PROBLEM_FIXABLE = "〔可自动修复：按 f〕"
PROBLEM_ACKNOWLEDGED = "〔已确认：{reason}〕"
PROBLEMS_HERE = "（仅本节，c 显示全部）"
PROBLEMS_ONLY_ERRORS = "（仅错误，e 显示全部）"
UNREVIEWED_MARK = " ◦"
NO_UNREVIEWED = "没有沿用上年、尚未核对的段落"
REVIEWED_REASON = "已核对，沿用上年"
LY_COPIED = "已把上年的这一段放入本年正文（未保存）"
LY_NOT_CARRIED = "这一段已改写，或已确认，无需再确认"
LY_NO_OLD = "上年没有与这一段对应的文字"
LY_NEXT = "下一段（k 上一段）"
LY_PREVIOUS = "上一段"
LY_COPY = "采用上年此段"
LY_REVIEWED = "此段已核对"
#: the editor's way of fixing what a message tells `check` users to do in report.toml
TUI_HINTS = {
    "merge-conflict": "按 Ctrl+P 搜索“合并冲突”逐处选择",
    "figure-unfilled": "按 F3 在数字表中选中它，Enter 填写",
    "typed-amount": "在问题栏按 m 建为数字",
    "unknown-placeholder": "按 F3 在数字表中按 n 新增该数字，或改正拼写",
    "unit-mix": "按 F3 选中该数字，Enter 修改单位",
}
SEVERITY_MARK = {"error": "✗", "warning": "!", "info": "i"}
WHERE_FIGURE = "数字 {id}"
WHERE_CHECK = "校验 {id}"
PREVIEW_TITLE = "预览（与导出一致）"
PREVIEW_PROBLEM = "⚠{message}"
FIGURES_TITLE = "数字（Enter 修改，n 新增，d 删除，Ctrl+Z 撤销）"
EDITOR_TITLE = "正文"
TITLE_LABEL = "标题"
TITLE_PLACEHOLDER = "章节标题（编号自动生成）"
BODY_PLACEHOLDER = "本节正文（可留空）。每行一段；输入 {{ 插入数字。"
SECTION_UNREADABLE = "该章节文件无法读取，仅供查看（按 F4 用外部编辑器打开该文件修改）：\n{error}"
NO_SECTION = "报告中还没有章节：按 a 新增章节。"

# --- figure table -----------------------------------------------------------
COL_ID = "编号"
COL_LABEL = "名称"
COL_VALUE = "本年"
COL_PREV = "上年"
COL_CHANGE = "增减"
COL_UNIT = "单位"
COL_USED = "引用"
COL_FORMULA = "公式"
VALUE_EMPTY = "待填"
USED_NOWHERE = "未引用"
USED_CHECK = "校验:{id}"
USED_FIGURE = "={id}"

# --- key bindings and commands (title, help) --------------------------------
CMD = {
    "save": ("保存", "把修改写入报告文件夹（原子写入）"),
    "quit": ("退出", "退出编辑器；有未保存的修改时会先询问"),
    "help": ("帮助", "显示全部按键"),
    "command_palette": ("命令", "打开命令面板，搜索并执行任意命令"),
    "toggle_preview": ("预览", "显示/隐藏导出效果预览"),
    "toggle_figures": ("数字", "在章节编辑与数字表之间切换"),
    "external_editor": ("外部编辑", "用 $EDITOR 编辑当前章节正文"),
    "toggle_outline": ("目录栏", "显示/隐藏目录"),
    "toggle_problems": ("问题栏", "显示/隐藏问题面板"),
    "zoom": ("专注", "只显示编辑区（再按一次恢复）"),
    "focus_outline": ("转到目录", "把光标移到目录"),
    "focus_editor": ("转到正文", "把光标移到正文编辑区"),
    "focus_problems": ("转到问题", "把光标移到问题面板"),
    "next_problem": ("下一个问题", "光标跳到下一个问题所在的文字"),
    "previous_problem": ("上一个问题", "光标跳到上一个问题所在的文字"),
    "scorecard": ("自评表", "打开部门整体支出绩效自评表：逐格修改，总分和等级随之重算"),
    "edit_cell": ("修改", "修改光标所在的格（得分、执行率留空即按模板规则计算）"),
    "switch_table": ("换表", "在预算执行、年度总体目标、绩效指标三张表之间切换"),
    "add_row": ("新增一行", "在光标所在行之后新增一行（指标沿用本行的一级、二级指标）"),
    "remove_row": ("删除一行", "删除光标所在行（Ctrl+Z 可撤销）"),
    "row_up": ("上移", "把光标所在行上移一行"),
    "row_down": ("下移", "把光标所在行下移一行"),
    "review_cell": ("已核对", "沿用上年的格子核对无误：记为已确认（写入 report.toml 的 [[acknowledged]]）"),
    "undo_scorecard": ("撤销", "撤销上一次对自评表的修改"),
    "redo_scorecard": ("重做", "重做被撤销的修改"),
    "next_unreviewed": ("下一段待核对", "光标跳到下一段沿用上年、尚未核对的文字"),
    "undo_edit": ("撤销", "撤销上一次章节结构或数字的修改（新增、删除、移动、改名、数字）"),
    "redo_edit": ("重做", "重做被撤销的结构或数字修改"),
    "undo_figure": ("撤销", "撤销上一次数字或章节结构的修改"),
    "redo_figure": ("重做", "重做被撤销的修改"),
    "acknowledge": ("确认问题", "说明理由后把所选问题记为已确认（写入 report.toml 的 [[acknowledged]]）"),
    "make_figure": ("建为数字", "把手工输入的金额建为数字，正文中换成占位符"),
    "problems_here": ("仅本节", "只显示当前章节的问题（再按一次显示全部）"),
    "problems_errors": ("仅错误", "只显示错误（阻止正式导出的问题；再按一次显示全部）"),
    "grow_problems": ("放大", "放大/还原问题面板"),
    "add_figure": ("新增数字", "新增一个数字（名称、编号、数值、单位）"),
    "delete_figure": ("删除数字", "删除所选数字（只能删除未被引用的数字，需确认）"),
    "recheck": ("重新校验", "立即重新校验全部数字与文字"),
    "insert_figure": ("插入数字", "在正文光标处插入 {{数字编号}}"),
    "add_section": ("新增章节", "在当前章节之后新增同级章节"),
    "add_subsection": ("新增小节", "在当前章节下新增下级小节"),
    "delete_section": ("删除章节", "删除当前章节及其小节（需确认）"),
    "move_up": ("上移", "与前一个同级章节交换位置"),
    "move_down": ("下移", "与后一个同级章节交换位置"),
    "outdent": ("升级", "变为上级章节的同级（（一）→ 二、）"),
    "indent": ("降级", "变为前一个同级章节的下级（二、→（一））"),
    "rename_section": ("更改文件名", "更改一级章节的编号（即 sections/ 下的文件名）"),
    "jump": ("跳转", "跳到问题所在的章节和文字"),
    "apply_fix": ("自动修复", "应用所选问题的自动修复"),
    "edit_figure": ("修改数字", "修改所选数字的名称、本年数、上年数、单位或公式"),
    "export_md": ("导出 Markdown", "把报告导出为 .md 文件"),
    "export_txt": ("导出纯文本", "把报告导出为 .txt 文件（可粘贴到网上填报系统）"),
    "export_docx": ("导出 Word", "按 GB/T 9704-2012 版式导出 .docx（供财政局在 Word/WPS 中修改）"),
    "export_csv": ("导出自评表 CSV", "把自评表导出为 .csv（各行各列，供导入表格或网上填报系统）"),
    "export_xlsx": ("导出自评表 Excel", "把自评表导出为 .xlsx 电子表格（执行率、得分、总分为公式，可在 Excel/WPS 中复算）"),
    "compare": ("与上年对比（compare）", "把本年与上年报告的数字增减和正文改动导出为 Markdown 文件（同 tui-report compare）"),
    "export_pdf": ("导出 PDF", "按 GB/T 9704-2012 版式导出 PDF"),
    "import_accounts": ("从部门决算导入数字", "读入部门决算工作簿（.xls/.xlsx），逐项对照后勾选要写入的数字（一步撤销）"),
    "last_year": ("上年对照", "并排显示所选章节的上年文字与本年文字"),
    "undo": ("撤销", "撤销正文中的上一次修改"),
    "redo": ("重做", "重做被撤销的修改"),
    "document_start": ("到正文开头", "光标移到正文开头"),
    "document_end": ("到正文末尾", "光标移到正文末尾"),
    "save_version": ("保存版本", "把当前报告保存为一个版本（git 提交），先列出各章节的改动；以后可在“版本历史”中查看和恢复"),
    "versions": ("版本历史", "查看报告的各个版本（git 历史）和每个版本改了哪些字；把章节或数字恢复为某个版本（可撤销）"),
    "blame": ("谁改的", "当前章节每一段最后是谁、在哪个版本改的（git blame）"),
    "resolve_conflicts": ("合并冲突", "逐处查看两人都改过的段落或数字，采用我的、对方的，或改写"),
    "pull": ("拉取", "从共享版本库取回同事的版本，按段落合并（git pull）"),
    "push": ("推送", "把本地保存的版本送到共享版本库（git push）"),
}

HELP_TITLE = "帮助：全部按键（Esc 关闭）"
HELP_GROUPS = {
    "app": "全局",
    "outline": "目录（光标在目录时）",
    "problems": "问题面板",
    "figures": "数字表",
    "editor": "正文编辑区",
    "palette": "仅在命令面板（Ctrl+P）中",
    "scorecard": "自评表（F6）",
}
HELP_FOOTNOTE = (
    "在正文中输入 {{ 可选择要插入的数字。所有命令也可在命令面板（Ctrl+P）中搜索执行。"
    "不需要鼠标；在 tmux、SSH 中可正常使用。"
)
HELP_COL_KEY = "按键"
HELP_COL_ACTION = "功能"
HELP_COL_NOTE = "说明"

PALETTE_PLACEHOLDER = "搜索命令…"
PALETTE_NO_MATCHES = "没有匹配的命令"
HELP_QUIT = "按 {key} 退出"
HELP_QUIT_TITLE = "要退出吗？"

# --- dialogs -------------------------------------------------------------------
YES = "是"
NO = "否"
CANCEL = "取消"
OK = "确定"
QUIT_TITLE = "有未保存的修改"
QUIT_MESSAGE = "以下文件有修改尚未保存：\n{files}"
QUIT_SAVE = "保存并退出"
QUIT_DISCARD = "不保存，直接退出"
CONFLICT_TITLE = "文件已被其他程序修改"
CONFLICT_OVERWRITE = "用我的版本覆盖"
CONFLICT_KEEP = "暂不保存"
DELETE_TITLE = "删除章节"
DELETE_MESSAGE = "确定删除“{label}{title}”{children}吗？保存后文件中的内容将被删除（可用 git 找回）。"
DELETE_CHILDREN = "及其 {n} 个小节"
DELETE_CONFIRM = "删除"
RENAME_TITLE = "更改章节文件名"
RENAME_PROMPT = "新的编号（英文字母、数字、- 和 _），文件将改名为 sections/编号.toml"
EXPORT_TITLE = "导出 {fmt}"
EXPORT_PROMPT = "导出到文件："
FIGURE_TITLE = "修改数字：{label}（{id}）"
FIGURE_NEW_TITLE = "新增数字"
FIGURE_LABEL = "名称"
FIGURE_LABEL_NEEDED = "请填写名称"
FIGURE_ID = "编号"
FIGURE_ID_TAKEN = "编号 {id} 已被使用"
FIGURE_VALUE = "本年数（{unit}）"
FIGURE_PREV = "上年数（{unit}）"
FIGURE_UNIT = "单位"
FIGURE_FORMULA = "公式"
FORMULA_OK = "公式可以计算"
FORMULA_BAD = "公式有误：{error}"
FORMULA_UNKNOWN = "没有这些数字：{names}"
FORMULA_SELF = "公式不能引用数字自己"
FIGURE_HINT = ("正文中写作 {{编号}}。数值可写 76.33万元、763300元、全角数字、千分位；留空表示待填，按原样保存不四舍五入。"
               "Tab 换栏，Enter 保存，Esc 取消。")
FIGURE_UNIT_NOTE = "留空即报告单位 {unit}；改单位不换算已填数值"
FIGURE_UNIT_CONFIRM = "请确认：单位由 {old} 改为 {new}，数值 {values} 不换算，将按 {new} 保存。再按 Enter 确认，或改数值。"
FIGURE_BAD = "不能保存：{error}"
FIGURE_EDIT_FAILED = "不能修改数字：{error}"
FIGURE_IN_USE = "数字 {id} 仍被引用（{places}），不能删除：先删去这些引用"
FIGURE_DELETE_TITLE = "删除数字"
FIGURE_DELETE_MESSAGE = "确定删除数字“{label}”（{id}）吗？可按 Ctrl+Z 撤销。"
PICKER_TITLE = "插入数字（Enter 插入，Esc 取消）"
PICKER_FILTER = "输入编号或名称筛选"
PICKER_FIELDS = {"year": "本年度", "prev_year": "上年度", "next_year": "下年度", "department": "单位名称",
                 "unit": "金额单位"}
YOY_TREND = "较上年增减方向（增加/减少）"
YOY_CHANGE = "较上年增减额"
YOY_RATE = "较上年增减率"

# --- notifications --------------------------------------------------------------
SAVED = "已保存 {n} 个文件"
NOTHING_TO_SAVE = "没有需要保存的修改"
SAVE_FAILED = "保存失败：{error}"
SAVE_READ_ONLY = "只读模式，不能保存"
READ_ONLY = "只读模式，不能修改"
EXPORT_RUNNING = "正在导出 {path} …"
EXPORT_DONE = "已导出 {path}"
EXPORT_PDF_DONE = "已导出 {path}（{pages} 页，用时 {seconds} 秒）"
EXPORT_PROGRESS = "导出 PDF：{stage} {percent}%"
EXPORT_FAILED = "导出失败：{error}"
EXPORT_BLOCKED_TITLE = "报告还不能定稿"
EXPORT_BLOCKED = "报告中还有 {n} 个错误或待填的数字：\n{problems}\n可以先取消并改正，或导出为草稿（每页标有“草稿”）。"
EXPORT_MORE = "\n…… 另有 {n} 个"
EXPORT_AS_DRAFT = "导出为草稿"
EXPORT_PDF_MISSING = "本机未安装 PDF 导出组件"
EDITOR_FAILED = "无法启动外部编辑器“{editor}”：{error}"
EDITOR_UNSUPPORTED = "当前环境不能挂起界面运行外部编辑器"
EDITOR_FALLBACK_TITLE = "外部编辑器"
EDITOR_FALLBACK = ("没有设置环境变量 $VISUAL 或 $EDITOR，将用 {editor} 打开本节正文。\n{how}\n"
                   "改完保存并退出后回到本界面。想换用别的编辑器：先设置 EDITOR，例如 export EDITOR=nano。")
EDITOR_HOW = {"nano": "nano：直接输入；Ctrl+O 回车 保存，Ctrl+X 退出。",
              "vi": "vi：按 i 开始输入；按 Esc 后输入 :wq 回车 保存并退出，:q! 回车 放弃修改退出。"}
EDITOR_GO = "打开"
COMPARE_TITLE = "与上年对比：保存为"
COMPARE_PROMPT = "对比结果（Markdown）保存到："
COMPARE_DONE = "已导出对比 {path}"
COMPARE_FAILED = "未能导出对比：{error}"
EDITOR_NO_SECTION = "请先在目录中选择一个章节"
CHECK_FAILED = "校验出错（文字已保留，可继续编辑和保存）：{error}"
FIX_APPLIED = "已修复：{description}"
FIX_FAILED = "无法修复：{error}"
NO_FIX = "此问题没有自动修复"
NO_TARGET = "问题位置：{where}"
STRUCTURE_FAILED = "{error}"
RENAME_BAD = "编号只能含英文字母、数字、- 和 _"
UNDONE = "已撤销：{what}"
REDONE = "已重做：{what}"
NOTHING_TO_UNDO = "没有可撤销的结构或数字修改（正文的撤销请在正文中按 Ctrl+Z）"
NOTHING_TO_REDO = "没有可重做的修改"
UNDO_TYPING = "正文修改"
UNDO_FIGURE = "修改数字 {id}"
UNDO_ADD_FIGURE = "新增数字 {id}"
UNDO_DELETE_FIGURE = "删除数字 {id}"
UNDO_FIX = "修复：{description}"
UNDO_ACK = "确认问题"
UNDO_LABELS = {
    "add_section": "新增章节", "add_subsection": "新增小节", "delete": "删除章节", "move": "移动章节",
    "indent": "降级", "outdent": "升级", "rename": "更改文件名",
}
ACK_TITLE = "确认问题（说明理由）"
ACK_PROMPT = "{message}\n理由（写入 report.toml 的 [[acknowledged]]，例如“每年相同”）："
ACK_REASON_NEEDED = "请写明理由"
ACK_ALREADY = "此问题已确认：{reason}"
ACK_DONE = "已确认 {n} 个问题：{reason}"
MAKE_FIGURE_ONLY = "只有“手工输入的金额”可以建为数字"
MAKE_FIGURE_MOVED = "文字已改动，请重新校验后再试"

# --- two editors, unsaved edits, files changed on disk ----------------------------
LOCKED_BY = "{user}@{host} 正在编辑"
LOCK_UNAVAILABLE = "无法加锁"
LOCKED_NOTICE = "只读打开：{message}"
LOCKED_NOTICE_TITLE = "此报告已被打开"
CHECKPOINT_FAILED = "无法写入恢复文件（未保存的修改只在内存中）：{error}"
RECOVERY_TITLE = "发现上次未保存的修改"
RECOVERY_MESSAGE = "上次编辑没有正常退出（例如 SSH 连接断开）。{summary}"
RECOVERY_DIFF = "与磁盘上文件的差异（- 磁盘上，+ 未保存的修改）："
RECOVERY_RESTORE = "恢复"
RECOVERY_KEEP = "以后再说"
RECOVERY_DISCARD = "丢弃这些修改"
RECOVERY_RESTORED = "已恢复 {n} 处未保存的修改，尚未写入文件：按 Ctrl+S 保存"
RECOVERY_SKIPPED = "有 {n} 处无法恢复，恢复文件已保留：\n{items}"
RECOVERY_DISCARDED = "已丢弃上次未保存的修改"
RECOVERY_KEPT = "已保留，下次打开此报告时再询问"
EXTERNAL_TITLE = "文件已在磁盘上被修改"
EXTERNAL_MODIFIED = "{file} 在磁盘上已被修改（例如 git pull 或同事的编辑器），你对它也有未保存的修改。"
EXTERNAL_DELETED = "{file} 已在磁盘上被删除，你对它还有未保存的修改。"
EXTERNAL_HINT = "不会自动覆盖任何一方。Tab 选择按钮，Enter 确定。"
EXTERNAL_LATER = "稍后决定"
EXTERNAL_RELOAD = "载入磁盘版本（放弃我的修改）"
EXTERNAL_ACCEPT_DELETE = "接受删除（放弃我的修改）"
EXTERNAL_MINE = "保留我的版本"
EXTERNAL_WRITE_AGAIN = "保留我的版本（保存时重新写入）"
EXTERNAL_DIFF = "查看差异"
EXTERNAL_RELOADED = "已载入磁盘上的新版本：{files}"
EXTERNAL_TOOK_DISK = "已载入磁盘上的版本：{file}"
EXTERNAL_KEPT_MINE = "保留你的版本：保存时写入 {file}"
EXTERNAL_RELOAD_FAILED = "无法载入磁盘上的版本，你的版本保持不变：{error}"
EXTERNAL_BUSY = "请先处理“文件已在磁盘上被修改”的对话框"
DIFF_TITLE = "差异：{file}（- 磁盘上，+ 我的版本；Esc 返回）"
DIFF_NONE = "两者没有差异"
BROKEN_REREAD = "已重新读取 {file}"
BROKEN_STILL = "{file} 仍无法读取：{error}"
BROKEN_REFUSED = "{file} 不是报告文件夹中的普通文件，不会打开"

# --- the 自评表 ------------------------------------------------------------------
SC_LEVEL1 = "一级指标"
SC_LEVEL2 = "二级指标"
SC_NAME = "三级指标"
SC_TARGET = "年度指标值"
SC_ACTUAL = "实际完成值"
SC_WEIGHT = "分值"
SC_SCORE = "得分"
SC_RULE = "按规则"
SC_RATING = "档次"
SC_REASON = "偏差原因"
SC_BUDGET_NAME = "预算执行"
SC_INITIAL = "年初预算数"
SC_ADJUSTED = "全年预算数"
SC_EXECUTED = "全年执行数"
SC_RATE = "执行率"
SC_BACK = "返回"
SC_EDIT = "修改"
SC_SWITCH = "换表"
SC_BUDGET_TITLE = "预算执行情况"
SC_TARGETS_TITLE = "年度总体目标"
SC_NATURE = "指标性质"
SC_UNIT = "度量单位"
SC_TARGET_INITIAL = "年初指标值"
SC_COEFFICIENT = "得分系数"
SC_CORE = "核心指标"
SC_ADJUST_REASON = "调整理由"
SC_PLANNED = "预期目标"
SC_DONE = "实际完成情况"
SC_TEXT_TITLE = "表名"
SC_CONCLUSION = "评价结论"
SC_ISSUES = "存在问题"
SC_MEASURES = "改进措施"
SC_YES = "是"
SC_NO = "否"
SC_BOOL_PROMPT = "请填“是”或“否”（留空：不填）"
SC_NEW_INDICATOR = "（请填写三级指标）"
SC_NEW_BUDGET_ROW = "其中："
SC_REMOVED = "已删除一行（Ctrl+Z 撤销）"
SC_NOTHING_TO_REVIEW = "这一格没有待核对的上年内容"
UNDO_SC_ADD = "自评表新增一行"
UNDO_SC_REMOVE = "自评表删除一行"
UNDO_SC_MOVE = "自评表移动一行"
SC_INDICATORS_TITLE = "绩效指标（斜体：按规则计算，未填写）"
SC_NONE = "此报告没有自评表：用 tui-report scorecard init 报告文件夹 --template 模板名 新建"
SC_TITLE = "{title}（模板 {template}）"
#: under each table of the 自评表 (the title line has no room for it at 80 columns)
SC_KEYS = "Enter 修改 · Tab 换表 · a 新增 · d 删除 · Esc 返回"
SC_DEFAULT_TITLE = "部门整体支出绩效自评表"
SC_NO_TEMPLATE = "找不到模板“{template}”，不能计分"
SC_SUMMARY = "总分 {total}　等级 {grade}　分值合计 {weights}{typed}"
SC_TYPED_TOTAL = "　（表中填写总分 {total}"
SC_TYPED_GRADE = "，等级 {grade}）"
SC_WHERE = "自评表"
SC_COMPUTED = "这一栏由模板计算，不能直接修改"
SC_EDIT_TITLE = "修改自评表：{row} 的“{column}”"
SC_EDIT_PROMPT = "新的内容（留空：得分、执行率由规则计算）："
UNDO_SCORECARD = "修改自评表"

# --- last year beside this year ---------------------------------------------------
LAST_YEAR_TITLE = "上年对照 {old} → {new}　　* 有改动　+ 本年新增　- 本年已删　　↑↓ 选择，Enter 转到该章节，Esc 返回"
LAST_YEAR_LIST = "章节"
LAST_YEAR_OLD = "上年（{year}）"
LAST_YEAR_NEW = "本年（{year}）"
LAST_YEAR_ONLY_NEW = "（上年没有此章节）"
LAST_YEAR_ONLY_OLD = "（本年已没有此章节）"
LAST_YEAR_MARK = {"same": " ", "changed": "*", "added": "+", "removed": "-"}
LAST_YEAR_NONE = ("此报告没有记录上年报告：在 report.toml 的 [settings] 中写 "
                  "previous_report = \"../上年报告文件夹\"（用 tui-report new 新建的报告会自动写入）")
LAST_YEAR_UNREADABLE = "无法读取上年报告 {path}：{error}"
LAST_YEAR_BACK = "返回"
LAST_YEAR_GO = "转到"

# --- figures from the 部门决算 ----------------------------------------------------
ACCOUNTS_OPEN_TITLE = "从部门决算导入数字"
ACCOUNTS_PROMPT = "部门决算工作簿（决算软件导出的 .xls 或 .xlsx，或公开表）："
ACCOUNTS_TITLE = "对照 {name}：{n} 处不同（Space 勾选）"
ACCOUNTS_IDENTITIES_OK = "决算表自身的勾稽关系：{n} 项相符（{skipped} 项缺数未核对）"
ACCOUNTS_IDENTITIES_BROKEN = "决算表自身有 {n} 项勾稽关系不符：{what}"
ACCOUNTS_SOURCE = "{id} ← {source}"
ACCOUNTS_HINT = "≠ 不同 ≈ 印出相同 + 待填 = 相同 ƒ 公式。a 全选 n 全不选 i 写入 Esc 取消"
ACCOUNTS_NOTHING = "报告中没有能在这个工作簿中找到的数字"
ACCOUNTS_APPLY = "写入所选"
ACCOUNTS_ALL = "全选"
ACCOUNTS_NONE = "全不选"
ACCOUNTS_FAILED = "不能导入：{error}"
ACCOUNTS_DONE = "已从部门决算写入 {n} 个数字（未保存；Ctrl+Z 可撤销）"
ACCOUNTS_UNCHANGED = "没有写入任何数字"
UNDO_ACCOUNTS = "从部门决算导入 {n} 个数字"

# --- versions (git), merges -----------------------------------------------------------
VERSIONS_TITLE = "版本历史（↑↓ 选择版本，Enter 查看改动，r 恢复所选章节或数字，Esc 返回）"
VERSIONS_LIST = "版本"
VERSIONS_CHANGES = "该版本的改动"
VERSIONS_NONE = "还没有保存过版本：按 Ctrl+P 搜索“保存版本”保存第一个版本"
VERSIONS_NO_CHANGE = "（这个版本没有改动报告的文字或数字）"
VERSIONS_MERGE = "（合并）"
VERSIONS_BACK = "返回"
VERSIONS_SHOW = "查看改动"
VERSIONS_RESTORE = "恢复所选"
VERSIONS_NOTHING_TO_RESTORE = "请先在右侧选中要恢复的章节或数字"
VERSIONS_CANNOT_RESTORE = "这一项不能单独恢复：{what}"
VERSION_RESTORED = "已把“{what}”恢复为版本 {version} 的内容（未保存；Ctrl+Z 可撤销）"
UNDO_RESTORE = "恢复 {what}（版本 {version}）"
VERSION_FAILED = "{error}"
VERSION_NO_REPO_TITLE = "报告还不在版本库中"
VERSION_NO_REPO = ("保存版本需要一个版本库（git）。现在就在报告文件夹中建立一个吗？\n"
                   "会写入 .gitattributes（按段落合并），登记合并程序，安装提交前校验。")
VERSION_MAKE_REPO = "建立版本库"
VERSION_REPO_MADE = "已建立版本库：{notes}"
SAVE_VERSION_TITLE = "保存版本"
SAVE_VERSION_PROMPT = "本版本的改动：\n{changes}\n说明（这个版本改了什么）："
SAVE_VERSION_MORE = "…… 另有 {n} 处"
SAVE_VERSION_NEEDED = "请写一句说明"
SAVE_VERSION_NONE = "（没有改动）"
VERSION_SAVED = "已保存版本 {version}：{message}"
VERSION_SAVED_DRAFT = "已保存版本 {version}：{message}（报告还有 {n} 个错误，草稿照样保存）"
VERSION_CONFLICTS = "报告中还有 {n} 处合并冲突：请先解决（Ctrl+P 搜索“合并冲突”），再保存版本"
BLAME_TITLE = "谁改的：{section}（Esc 返回）"
BLAME_NONE = "这一节没有正文"
PULL_RUNNING = "正在拉取…"
PUSH_RUNNING = "正在推送…"
PULL_PROGRESS = "拉取：{line}"
PUSH_PROGRESS = "推送：{line}"
PULL_DONE = {"up-to-date": "已是最新：共享版本库中没有新的版本",
             "fast-forward": "已取回同事的新版本",
             "merged": "已取回同事的新版本，并按段落合并（已保存为一个合并版本）"}
PULL_CONFLICTS = "已取回同事的版本，但有 {n} 处两边都改了：请逐处选择，然后保存并“保存版本”完成合并"
PUSH_DONE = "已推送到共享版本库（{where}）"
GIT_FAILED = "{error}"
RESOLVER_TITLE = "合并冲突 {n}/{total}：{where}"
RESOLVER_OURS = "我的版本（m）"
RESOLVER_THEIRS = "对方的版本（t）"
RESOLVER_HINT = "m 采用我的　t 采用对方的　b 两者都要　e 改写　n 下一处　Esc 稍后再说"
RESOLVER_TAKE_OURS = "采用我的"
RESOLVER_TAKE_THEIRS = "采用对方的"
RESOLVER_TAKE_BOTH = "两者都要"
RESOLVER_EDIT = "改写"
RESOLVER_NEXT = "下一处"
RESOLVER_LATER = "稍后再说"
RESOLVER_EMPTY = "（空：删去这一处）"
RESOLVER_CHOSEN = "已选：{choice}"
RESOLVER_WHERE_LINE = "{file} 第 {line} 行"
RESOLVER_DONE = "已解决 {n} 处合并冲突（未保存）：按 Ctrl+S 保存，再“保存版本”完成合并；Ctrl+Z 可撤销"
RESOLVER_NONE = "报告中没有合并冲突"
RESOLVER_STRAY = "{file} 第 {line} 行有不成对的冲突标记：请按 F4 在外部编辑器中删去"
RESOLVER_FOUND = "报告中有 {n} 处合并冲突（两人改了同一处）：逐处选择保留哪一边"
UNDO_RESOLVE = "解决合并冲突"
EDIT_BLOCK_TITLE = "改写这一处（Tab 到“确定”后按 Enter，Esc 取消）"
EDIT_BLOCK_OK = "确定"
