<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<!-- Messages of the file readers (sidekick/core/exchange): sidekick.core.messages.Message templates.
     One context, Messages, for every Message template: storage.ts and hub.ts add to it. -->
<context>
    <name>Messages</name>
    <message><source>%1: %2</source><translation>%1：%2</translation></message>
    <message><source>, </source><translation>，</translation></message>
    <message><source>row %1</source><translation>第 %1 行</translation></message>
    <message><source>input</source><translation>输入内容</translation></message>
    <message><source>line %1, column %2 (byte %3)</source><translation>第 %1 行第 %2 列（第 %3 个字节）</translation></message>
    <message><source>line %1, column %2</source><translation>第 %1 行第 %2 列</translation></message>
    <message><source>byte %1</source><translation>字节 %1</translation></message>
    <message><source>the end of the file</source><translation>文件末尾</translation></message>
    <message><source>%1 at %2 is not valid %3 text: the file is damaged; save it again as UTF-8 text</source><translation>%2 处的%1 不是有效的 %3 文本：文件已损坏，请重新保存为 UTF-8 文本</translation></message>
    <message><source>not readable as UTF-8 or GB18030/GBK text: %1</source><translation>无法按 UTF-8 或 GB18030/GBK 文本读取：%1</translation></message>
    <message><source>this is a binary file, not text (a NUL byte at %1); if it should be text, save it again as UTF-8</source><translation>这是二进制文件，不是文本（%1 有一个 NUL 字节）；如果它应该是文本，请重新保存为 UTF-8</translation></message>
    <message><source>this UTF-16 file has an odd number of bytes, so it ends in the middle of a character: it was cut off; save it again</source><translation>这个 UTF-16 文件的字节数是奇数，结尾断在一个字符中间：文件被截断了，请重新保存</translation></message>
    <message><source>the file is empty</source><translation>文件是空的</translation></message>
    <message><source>the file is %1 MB; files of this type are read whole and may be at most %2 MB: split it into smaller files</source><translation>文件有 %1 MB；这类文件要整个读入，最大 %2 MB：请拆分成较小的文件</translation></message>
    <message><source>a NUL character (byte 0) at %1: the file is damaged or not a text file; save it again as UTF-8 text</source><translation>%1 有一个 NUL 字符（字节 0）：文件已损坏或不是文本文件，请重新保存为 UTF-8 文本</translation></message>
    <message><source>%1 is negative</source><translation>%1 是负数</translation></message>
    <message><source>%1 is too large (at most %2)</source><translation>%1 太大（最大 %2）</translation></message>
    <message><source>%1 is not a number a price can have</source><translation>%1 不是有效的价格数字</translation></message>
    <message><source>%1 is too large (prices are below %2)</source><translation>%1 太大（价格须低于 %2）</translation></message>
    <message><source>%1 has more than %2 decimal places</source><translation>%1 的小数超过 %2 位</translation></message>
    <message><source>%1…(%2 characters)</source><translation>%1…（共 %2 个字符）</translation></message>
    <message><source>the document has more than %1 values; split the file</source><translation>文档的值超过 %1 个；请拆分文件</translation></message>
    <message><source>an alias at %1 refers to a node that contains it (a recursive alias)</source><translation>%1 的别名指向包含它自身的节点（递归别名）</translation></message>
    <message><source>the document uses %1 aliases (*name); Sidekick reads at most %2: write the values out</source><translation>文档用了 %1 个别名（*name）；Sidekick 最多读取 %2 个：请把值直接写出来</translation></message>
    <message><source>its aliases (*name, &lt;&lt;: merge keys) would expand to %1 values from %2; Sidekick allows aliases to add at most %3</source><translation>其中的别名（*name、&lt;&lt;: 合并键）会把 %2 个值展开成 %1 个；Sidekick 只允许别名增加最多 %3 个</translation></message>
    <message><source>an unknown place</source><translation>未知位置</translation></message>
    <message><source>invalid JSON at %1: %2</source><translation>JSON 格式错误（%1）：%2</translation></message>
    <message><source>the JSON is nested far more than %1 levels deep; it is not a file Sidekick or another tool writes</source><translation>JSON 的嵌套远超 %1 层；这不是 Sidekick 或其他工具会写出的文件</translation></message>
    <message><source>the JSON is nested more than %1 levels deep; it is not a file Sidekick or another tool writes</source><translation>JSON 的嵌套超过 %1 层；这不是 Sidekick 或其他工具会写出的文件</translation></message>
    <message><source>refused: %1</source><translation>已拒绝：%1</translation></message>
    <message><source>invalid YAML at %1: %2</source><translation>YAML 格式错误（%1）：%2</translation></message>
    <message><source>invalid YAML: %1</source><translation>YAML 格式错误：%1</translation></message>
    <message><source>invalid YAML value: %1</source><translation>YAML 中有无法读取的值：%1</translation></message>
    <message><source>not an Espanso match file (no 'matches' list)</source><translation>不是 Espanso 匹配文件（没有 'matches' 列表）</translation></message>
    <message><source>%1 MB</source><translation>%1 MB</translation></message>
    <message><source>not a complete XLSX workbook (%1); it may be truncated or damaged: save it again from Excel/WPS</source><translation>不是完整的 XLSX 工作簿（%1）；可能被截断或已损坏：请用 Excel/WPS 重新保存</translation></message>
    <message><source>the workbook has %1 parts; a spreadsheet Sidekick reads has at most %2</source><translation>工作簿有 %1 个部件；Sidekick 读取的表格最多 %2 个</translation></message>
    <message><source>the part %1 would unpack to %2 (at most %3); split the workbook</source><translation>部件 %1 解压后有 %2（最大 %3）；请拆分工作簿</translation></message>
    <message><source>the part %1 unpacks %2 times larger than it is stored (a zip bomb; real workbooks stay under %3×)</source><translation>部件 %1 解压后是压缩大小的 %2 倍（压缩炸弹；正常工作簿不超过 %3 倍）</translation></message>
    <message><source>the workbook would unpack to %1 (at most %2); split it</source><translation>工作簿解压后有 %1（最大 %2）；请拆分</translation></message>
    <message><source>the workbook is damaged or truncated (%1); save it again from Excel/WPS</source><translation>工作簿已损坏或被截断（%1）；请用 Excel/WPS 重新保存</translation></message>
    <message><source>the part %1 declares a %2 (XML entities can expand to gigabytes or read other files); Excel and WPS never write one: save the workbook again from Excel/WPS</source><translation>部件 %1 声明了 %2（XML 实体可能展开成数 GB 或读取其他文件）；Excel 和 WPS 从不写这种内容：请用 Excel/WPS 重新保存工作簿</translation></message>
    <message><source>the workbook has more than %1 shared texts; split it</source><translation>工作簿的共享文本超过 %1 条；请拆分</translation></message>
    <message><source>the sheet goes past row %1 (blank rows count); Sidekick reads at most that many rows per sheet: delete unused rows or split it</source><translation>工作表超过了第 %1 行（空行也计入）；Sidekick 每个工作表最多读取这么多行：请删除多余的行或拆分</translation></message>
    <message><source>refused at row %1: the sheet holds more than %2 cells (counting blank ones); delete unused rows and columns, or split it</source><translation>在第 %1 行被拒绝：工作表的单元格超过 %2 个（空单元格也计入）；请删除多余的行和列，或拆分</translation></message>
    <message><source>combo %1</source><translation>组合 %1</translation></message>
    <message><source>the key %1 appears more than once in the file's top object</source><translation>文件最外层对象中的键 %1 出现了不止一次</translation></message>
    <message><source>not a Beeftext combo list (no "combos" list)</source><translation>不是 Beeftext 组合列表（没有 "combos" 列表）</translation></message>
    <message><source>fileFormatVersion %1 is newer than %2; fields added since are ignored</source><translation>fileFormatVersion %1 比 %2 新；之后新增的字段会被忽略</translation></message>
    <message><source>a combo must be a JSON object</source><translation>组合必须是 JSON 对象</translation></message>
    <message><source>the key %1 appears more than once in this combo</source><translation>这个组合中的键 %1 出现了不止一次</translation></message>
    <message><source>%1 contains a NUL character (\u0000)</source><translation>%1 含有 NUL 字符（\u0000）</translation></message>
    <message><source>%1 has no snippet; skipped</source><translation>%1 没有内容（snippet），已跳过</translation></message>
    <message><source>%1 names a group that is not in the file; imported uncategorised</source><translation>%1 指向的分组不在文件中；已作为未分类导入</translation></message>
    <message><source>%1 is disabled in Beeftext; imported as an active phrase</source><translation>%1 在 Beeftext 中已停用；已作为启用的短语导入</translation></message>
    <message><source>keyword %1 repeats combo %2 with the same snippet; imported once</source><translation>关键词 %1 与第 %2 个组合重复且内容相同；只导入一次</translation></message>
    <message><source>keyword %1 is used by combos %2 and %3 with different snippets; rename one in Beeftext</source><translation>关键词 %1 同时用于第 %2 和第 %3 个组合，内容不同；请在 Beeftext 中给其中一个改名</translation></message>
    <message><source>group %1 makes %2 levels; at most 2 (分类&gt;子分类) are allowed: rename the group in the other tool</source><translation>分组 %1 有 %2 级；最多允许 2 级（分类&gt;子分类）：请在原工具中给分组改名</translation></message>
    <message><source>'matches' must be a list</source><translation>'matches' 必须是列表</translation></message>
    <message><source>a match must be a mapping (trigger, replace …)</source><translation>每个匹配项必须是映射（trigger、replace …）</translation></message>
    <message><source>not a Qianniu quick-phrase file; the first line must be %1</source><translation>不是千牛快捷短语文件；第一行必须是 %1</translation></message>
    <message><source>row 1 has no %1 column; the header must be %2</source><translation>第 1 行没有 %1 列；表头必须是 %2</translation></message>
    <message><source>not a readable CSV file (%1)</source><translation>不是可读取的 CSV 文件（%1）</translation></message>
    <message><source>the %1 cell is missing (the row has %2 columns)</source><translation>缺少 %1 单元格（这一行只有 %2 列）</translation></message>
    <message><source>the %1 cell is empty</source><translation>%1 单元格是空的</translation></message>
    <message><source>looks like an image phrase; only its text is imported</source><translation>看起来是图片短语；只导入其中的文字</translation></message>
    <message><source>code %1 is used by rows %2 and %3; codes must be unique</source><translation>编码 %1 同时用于第 %2 行和第 %3 行；编码不能重复</translation></message>
    <message><source>unknown file type %1; Sidekick imports .json, .csv, .xlsx and .yml files</source><translation>未知的文件类型 %1；Sidekick 可导入 .json、.csv、.xlsx 和 .yml 文件</translation></message>
    <message><source>%1 cannot be imported by this build of Sidekick</source><translation>此版本的 Sidekick 无法导入 %1</translation></message>
    <message><source>%1 holds phrases only; export products as .json, .csv or .xlsx</source><translation>%1 只能保存短语；商品请导出为 .json、.csv 或 .xlsx</translation></message>
    <message><source>%1 holds one library: add --library team or --library personal</source><translation>%1 只保存一个短语库：请加上 --library team 或 --library personal</translation></message>
    <message><source>%1 cannot be exported by this build of Sidekick</source><translation>此版本的 Sidekick 无法导出 %1</translation></message>
    <message><source>%1 is not available in this build of Sidekick</source><translation>此版本的 Sidekick 不支持 %1</translation></message>
    <message><source>old-style .xls workbooks are not read; save it as .xlsx (Excel Workbook) or as CSV UTF-8 in Excel/WPS and import that</source><translation>不读取旧式 .xls 工作簿；请在 Excel/WPS 中另存为 .xlsx（Excel 工作簿）或 CSV UTF-8 后再导入</translation></message>
    <message><source>unknown format %1; choose one of %2</source><translation>未知格式 %1；请从以下格式中选择：%2</translation></message>
    <message><source>cannot tell the format from %1; use .json, .csv, .xlsx, .qianniu.csv or .yml, or pass --format</source><translation>无法从 %1 判断格式；请使用 .json、.csv、.xlsx、.qianniu.csv 或 .yml，或加上 --format</translation></message>
    <message><source>(no extension)</source><translation>（没有扩展名）</translation></message>
    <message><source>a name without extension</source><translation>没有扩展名的文件名</translation></message>
    <message><source>%1 [%2]</source><translation>%1 [%2]</translation></message>
    <message><source>%1 (%2); it may be truncated or damaged: save it again from Excel/WPS</source><translation>%1（%2）；文件可能被截断或已损坏：请用 Excel/WPS 重新保存</translation></message>
    <message><source>XLSX files are read only with defusedxml's protection, which is switched off here (OPENPYXL_DEFUSEDXML); save the sheet as CSV UTF-8 instead</source><translation>XLSX 文件只在 defusedxml 的保护下读取，而这里关闭了它（OPENPYXL_DEFUSEDXML）；请改为把表格另存为 CSV UTF-8</translation></message>
    <message><source>not a complete XLSX workbook</source><translation>不是完整的 XLSX 工作簿</translation></message>
    <message><source>the workbook is damaged or truncated</source><translation>工作簿已损坏或被截断</translation></message>
    <message><source>the file is empty (no header row, no data)</source><translation>文件是空的（没有表头，也没有数据）</translation></message>
    <message><source>not a readable CSV file (line %1: %2)</source><translation>不是可读取的 CSV 文件（第 %1 行：%2）</translation></message>
    <message><source>near line %1: %2 (%3): the file is damaged; save it again as CSV UTF-8</source><translation>第 %1 行附近：%2（%3）：文件已损坏，请重新保存为 CSV UTF-8</translation></message>
    <message><source>a NUL character at line %1, column %2: the file is damaged; save it again as CSV UTF-8</source><translation>第 %1 行第 %2 列有一个 NUL 字符：文件已损坏，请重新保存为 CSV UTF-8</translation></message>
    <message><source>a NUL character (byte 0) at line %1, column %2: the file is damaged or not a text file; save it again as CSV UTF-8</source><translation>第 %1 行第 %2 列有一个 NUL 字符（字节 0）：文件已损坏或不是文本文件，请重新保存为 CSV UTF-8</translation></message>
    <message><source>the workbook's XML uses entities or a DTD, which Excel and WPS never write; save it again from Excel/WPS</source><translation>工作簿的 XML 使用了实体或 DTD，Excel 和 WPS 从不写这种内容；请用 Excel/WPS 重新保存</translation></message>
    <message><source>byte %1 at line %2, column %3 (byte %4) is not valid %5 text: the file is damaged; save it again as CSV UTF-8</source><translation>第 %2 行第 %3 列（第 %4 个字节）处的字节 %1 不是有效的 %5 文本：文件已损坏，请重新保存为 CSV UTF-8</translation></message>
    <message><source>expected 3 columns (%1, %2, %3), found %4</source><translation>应有 3 列（%1、%2、%3），实际有 %4 列</translation></message>
    <message><source>the %1 is empty</source><translation>%1 是空的</translation></message>
    <message><source>%1 %2 repeats row %3 with the same text; imported once</source><translation>%1 %2 与第 %3 行重复且内容相同；只导入一次</translation></message>
    <message><source>%1 %2 is used by rows %3 and %4 with different text; rename one</source><translation>%1 %2 同时用于第 %3 行和第 %4 行，内容不同；请给其中一个改名</translation></message>
    <message><source>a Sidekick phrase file (%1 or %2; title/标题 and body/内容 required), a Sidekick product file (item_id/商品ID, title/标题, …), a Qianniu file (快捷短语编码,快捷短语,快捷短语分组 or 快捷编码,快捷短语,快捷短语分组), or a header-less Beeftext/TextExpander file (three columns: abbreviation, content, label; an optional header keyword,snippet,name or abbreviation,content,label)</source><translation>Sidekick 短语文件（%1 或 %2；必须有 title/标题 和 body/内容）、Sidekick 商品文件（item_id/商品ID、title/标题、…）、千牛文件（快捷短语编码,快捷短语,快捷短语分组 或 快捷编码,快捷短语,快捷短语分组），或没有表头的 Beeftext/TextExpander 文件（三列：缩写、内容、标签；可选表头 keyword,snippet,name 或 abbreviation,content,label）</translation></message>
    <message><source>%1 is not a date; write YYYY-MM-DD or YYYY-MM-DD HH:MM</source><translation>%1 不是日期；请写成 YYYY-MM-DD 或 YYYY-MM-DD HH:MM</translation></message>
    <message><source>the body is empty: every phrase needs its text</source><translation>内容是空的：每条短语都需要正文</translation></message>
    <message><source>the title is empty: every phrase needs a title</source><translation>标题是空的：每条短语都需要标题</translation></message>
    <message><source>the validity ends before it starts</source><translation>有效期的结束时间早于开始时间</translation></message>
    <message><source>subcategory %1 contains a path separator: categories have two levels at most (category › subcategory)</source><translation>子分类 %1 含有路径分隔符：分类最多两级（分类 › 子分类）</translation></message>
    <message><source>bad date: %1</source><translation>日期有误：%1</translation></message>
    <message><source>the title is empty: every product needs a title</source><translation>标题是空的：每个商品都需要标题</translation></message>
    <message><source>the item id is empty: every product needs the id from its link</source><translation>商品ID 是空的：每个商品都需要它链接中的 ID</translation></message>
    <message><source>%1 is not 'name: value'</source><translation>%1 不是「名称: 值」的格式</translation></message>
    <message><source>%1 is used by rows %2 and %3; each must be unique</source><translation>%1 同时用于第 %2 行和第 %3 行；不能重复</translation></message>
    <message><source>the header row has %1 columns; Sidekick reads at most %2 (is the file missing its line ends?)</source><translation>表头有 %1 列；Sidekick 最多读取 %2 列（文件是不是缺了换行？）</translation></message>
    <message><source>column %1 appears twice (also as %2)</source><translation>列 %1 出现了两次（另一次是 %2）</translation></message>
    <message><source>no known header row (found %1): the first row must name the columns of %2</source><translation>没有可识别的表头（读到的是 %1）：第一行必须是以下文件的列名：%2</translation></message>
    <message><source>missing required column %1 (%2)</source><translation>缺少必需的列 %1（%2）</translation></message>
    <message><source>no library given: write team/团队 or personal/个人 here, or choose one for the whole file with --library</source><translation>没有指定短语库：请在这里写 team/团队 或 personal/个人，或用 --library 为整个文件选择一个</translation></message>
    <message><source>category %1 with subcategory %2 makes 3 levels; at most 2 (category › subcategory) are allowed</source><translation>分类 %1 加上子分类 %2 就有 3 级；最多允许 2 级（分类 › 子分类）</translation></message>
    <message><source>code %1 in the %2 library</source><translation>%2库中的编码 %1</translation></message>
    <message><source>id %1</source><translation>id %1</translation></message>
    <message><source>price %1 is not a number</source><translation>价格 %1 不是数字</translation></message>
    <message><source>price %1</source><translation>价格 %1</translation></message>
    <message><source>item id %1</source><translation>商品ID %1</translation></message>
    <message><source>%1: Beeftext variable %2 has no Sidekick equivalent; kept as text</source><translation>%1：Beeftext 变量 %2 在 Sidekick 中没有对应项，按原文保留</translation></message>
    <message><source>the text contains %1, which Beeftext reads as a variable</source><translation>文本中含有 %1，Beeftext 会把它当作变量</translation></message>
    <message><source>%1 has no code; its Beeftext keyword is left empty</source><translation>%1 没有编码，它的 Beeftext 关键词留空</translation></message>
    <message><source>placeholder %1 has no equivalent; written as literal text</source><translation>占位符 %1 没有对应项，按原文写出</translation></message>
    <message><source>imports are not followed (%1); import those files too</source><translation>不会跟随 imports（%1）；请把这些文件也导入</translation></message>
    <message><source>trigger options have no meaning in Sidekick and were dropped: %1</source><translation>触发选项在 Sidekick 中没有意义，已去掉：%1</translation></message>
    <message><source>match %1</source><translation>匹配项 %1</translation></message>
    <message><source>match at line %1</source><translation>第 %1 行的匹配项</translation></message>
    <message><source>extra triggers %1 dropped; a phrase has one code (%2)</source><translation>多余的触发词 %1 已去掉；一条短语只有一个编码（%2）</translation></message>
    <message><source>regex trigger %1 cannot be a code; imported without one</source><translation>正则触发词 %1 不能作为编码；导入时不带编码</translation></message>
    <message><source>variable %1 %2; kept as text</source><translation>变量 %1 %2；按原文保留</translation></message>
    <message><source>%1 formatting is lost; the source text is kept as plain text</source><translation>%1 格式会丢失；源文本按纯文本保留</translation></message>
    <message><source>image match (%1) has no text; skipped</source><translation>图片匹配项（%1）没有文字，已跳过</translation></message>
    <message><source>has no replace text; skipped</source><translation>没有替换文本，已跳过</translation></message>
    <message><source>replace text is empty; skipped</source><translation>替换文本为空，已跳过</translation></message>
    <message><source>is not defined in this file</source><translation>未在此文件中定义</translation></message>
    <message><source>is a date with format %1, not Sidekick's %2 ({日期}) or %3 ({时间})</source><translation>是格式为 %1 的日期，不是 Sidekick 的 %2（{日期}）或 %3（{时间}）</translation></message>
    <message><source>runs a %1 command, which Sidekick never does</source><translation>会运行 %1 命令，Sidekick 从不这样做</translation></message>
    <message><source>has type %1, which Sidekick cannot represent</source><translation>类型为 %1，Sidekick 无法表示</translation></message>
    <message><source>form field %1 offers a fixed list; Sidekick asks for free text</source><translation>表单字段 %1 提供固定选项；Sidekick 会让人自由填写</translation></message>
    <message><source>match %1 repeats an earlier match with the same text; imported once</source><translation>匹配项 %1 与前面一个文字相同的匹配项重复，只导入一次</translation></message>
    <message><source>%1 triggers are shared by several matches (Espanso offers a choice); %2 matches got a numbered code such as %3; typing the trigger still lists them all</source><translation>有 %1 个触发词被多个匹配项共用（Espanso 会让人选择）；%2 个匹配项得到了带编号的编码，例如 %3；输入该触发词仍会列出全部</translation></message>
    <message><source>%1 has no code; Espanso needs a trigger, so it is not exported</source><translation>%1 没有编码；Espanso 需要触发词，因此未导出</translation></message>
    <message><source>the text %1 contains Espanso syntax and may expand</source><translation>文本 %1 含有 Espanso 语法，可能会被展开</translation></message>
    <message><source>Espanso allows one cursor position; the extra {光标} is dropped</source><translation>Espanso 只允许一个光标位置；多余的 {光标} 已去掉</translation></message>
    <message><source>placeholder %1 has no Espanso equivalent; written as literal text</source><translation>占位符 %1 在 Espanso 中没有对应项，按原文写出</translation></message>
    <message><source>the caret position {光标} is dropped (the chat client has none)</source><translation>光标位置 {光标} 已去掉（聊天客户端没有这一功能）</translation></message>
    <message><source>%1: %2 has %3 characters, more than the %4 the chat client accepts; shorten it in Sidekick (not cut here)</source><translation>%1：%2 有 %3 个字符，超过聊天客户端能接受的 %4 个；请在 Sidekick 中缩短（这里不会截断）</translation></message>
    <message><source>%1: %2 has characters outside GBK (emoji?); a client reading GBK shows them wrongly</source><translation>%1：%2 含有 GBK 以外的字符（表情？）；按 GBK 读取的客户端会显示错误</translation></message>
    <message><source>%1 categories are written to one %2 file, which has no group column: the categories are lost (on import the file name becomes the group)</source><translation>%1 个分类写入了同一个 %2 文件，而它没有分组列：分类会丢失（导入时文件名会成为分组）</translation></message>
    <message><source>%1: fill-in %2 becomes %3; its other options (default, width) are dropped</source><translation>%1：填空 %2 变为 %3；其他选项（默认值、宽度）已去掉</translation></message>
    <message><source>%1: TextExpander macro %2 has no Sidekick equivalent; kept as text</source><translation>%1：TextExpander 宏 %2 在 Sidekick 中没有对应项，按原文保留</translation></message>
    <message><source>phrase %1</source><translation>短语 %1</translation></message>
</context>
</TS>
